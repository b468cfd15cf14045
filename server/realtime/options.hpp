#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lenslet::realtime {

// What the first request of a connection carried: the application
// authenticates with it (cookie, Authorization) and checks the Origin.
struct Handshake {
  std::string url;  // path and query as received
  std::vector<std::pair<std::string, std::string>> headers;
  std::string client_address;

  // First value, name compared without case; empty when absent.
  std::string_view Header(std::string_view name) const;
  // A query parameter, percent-decoded; empty when absent.
  std::string Query(std::string_view name) const;
  // What a session keeps for its whole life: the URL, the address and only the
  // headers the application reads after the connection is accepted (Cookie,
  // Authorization, Origin). Host and the rest serve allow_request and the
  // transport's handshake only, and an idle connection should not carry them.
  Handshake SessionCopy() const;
};

struct ServerOptions {
  std::string path = "/socket.io/";
  // engine.io defaults (engine.io "ServerOptions").
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  std::chrono::milliseconds upgrade_timeout{10'000};
  // A client that opens Engine.IO but joins no namespace in time is closed
  // (socket.io "connectTimeout").
  std::chrono::milliseconds connect_timeout{45'000};
  // Bytes of one polling body or WebSocket message (maxHttpBufferSize).
  std::size_t max_payload = 1'000'000;
  // Per-connection send queue: past either bound the client is too slow and
  // is disconnected, so it never holds memory or slows anyone else.
  std::size_t max_queued_packets = 1024;
  std::size_t max_queued_bytes = 4 * 1024 * 1024;
  // A WebSocket write that makes no progress for this long drops the connection.
  std::chrono::milliseconds write_timeout{10'000};
  // Access-Control-Allow-Origin for polling answers; empty: no CORS headers.
  std::string cors_origin;
  // Called for every new connection before anything is sent: false refuses
  // it with 403 (the application refuses foreign origins here). Empty: all allowed.
  std::function<bool(const Handshake&)> allow_request;
};

}  // namespace lenslet::realtime

#pragma once
// A subtree of URLs served by another component instead of the router: the
// Socket.IO endpoint (/socket.io/), whose long-polling requests are plain HTTP
// exchanges and whose WebSocket upgrade takes the connection over. http/ knows
// nothing of Socket.IO; app/ (or a bridge) fills a Mount in.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::http {

enum class BodyStatus {
  kRead,       // request.body holds it
  kTooLarge,   // over the limit: answer and let the connection close
  kMalformed,  // bad chunked encoding and the like
};

// Reads the request body into request.body, at most `limit` bytes. Throws only
// when the connection is gone (then nobody is answered).
using MountBodyReader = std::function<boost::asio::awaitable<BodyStatus>(Request&, std::size_t limit)>;

struct Mount {
  // Paths equal to it, or to it without its trailing slash, or below it.
  std::string prefix;
  // An ordinary exchange. The server applies the CSRF origin rule first (a
  // state-changing request with a foreign Origin is 403, as on every route)
  // and adds X-Request-Id and the security headers to the answer; readiness,
  // routing and gzip do not apply: the mount answers for itself, body limit
  // included.
  std::function<boost::asio::awaitable<Response>(Request&, const MountBodyReader&)> handle;
  // A GET with `Upgrade: websocket`, called on the connection's strand: it
  // starts the connection's own long-lived task with the socket and returns at
  // once. The HTTP session then ends, so none of its state (read buffer, parsed
  // head, coroutine frames) lives on under a WebSocket that may idle for hours.
  // Empty: such requests go to `handle` too.
  std::function<void(Request, boost::asio::ip::tcp::socket)> take_over;
  // Taken-over connections still open: the drain waits for them as for HTTP
  // sessions (empty: none to wait for).
  std::function<std::size_t()> active_connections;
  // Called once when the server starts to drain: end long-lived connections
  // gracefully (the drain waits up to drain_timeout for taken-over ones).
  std::function<void()> stop;
  // Whether `request` (polling or upgrade) opens a new session: such requests
  // are counted by the per-address handshake limit (429 beyond). Empty: none.
  std::function<bool(const Request&)> opens_session;

  bool Matches(std::string_view path) const;
};

// Whether `request` asks for a WebSocket upgrade (RFC 6455 4.1: GET with
// `Upgrade: websocket` and `Connection: upgrade`, case-insensitive tokens).
bool IsWebSocketUpgrade(const Request& request);

}  // namespace lenslet::http

#pragma once
// The HTTP/1.1 server: one listener, one coroutine per connection, run by one
// io_context thread per core. Everything between the socket and a handler lives
// behind this header (Beast is an implementation detail of http/).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/mount.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace lenslet::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8081;
  std::size_t threads = 0;               // 0: one per core
  std::string public_url;                // origin for the CSRF check; empty: the request's Host
  bool trust_proxy = false;              // take the client address from X-Forwarded-For (behind nginx)
  std::size_t header_limit = 16 * 1024;  // 431 beyond
  std::chrono::milliseconds header_timeout{10'000};  // whole request head
  std::chrono::milliseconds body_timeout{30'000};    // per request body
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive between requests
  std::chrono::milliseconds drain_timeout{10'000};   // graceful shutdown
  std::string web_root;                              // built web app; empty: none
  // Per client address (X-Forwarded-For behind a trusted proxy); loopback is
  // never limited (a proxy on this host carries everyone). 0: unlimited.
  std::size_t connections_per_address = 1024;       // concurrent HTTP connections; 503 beyond
  std::size_t handshakes_per_minute = 600;          // new Socket.IO sessions (Mount::opens_session); 429 beyond
  std::size_t media_bytes_per_second = 8u << 20;    // responses under /media/ are paced to this
  // Count requests and connections in core::metrics::Registry::Global(), and
  // log a line per request. Off for the metrics listener's own server.
  bool record_metrics = true;
  bool access_log = true;
};

// Resolves the caller from a request (cookie or bearer token) and validates the
// session; nullopt when there is no valid credential. Provided by app/ (it uses
// auth/), so http/ does not depend on auth/.
using Authenticator = std::function<boost::asio::awaitable<std::optional<Principal>>(const Request&)>;

// Answered by /api/v1/health and used to refuse API traffic with 503 until the
// database is migrated.
using ReadinessCheck = std::function<bool()>;

class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router, Authenticator authenticator);
  ~Server();

  // Binds and serves until Stop(); returns after the drain. Throws with a clear
  // message when the address cannot be bound. Runs the io_context on the calling
  // thread plus threads-1 more. Call once per Server.
  void Run();
  // Stop accepting, let in-flight requests finish (up to drain_timeout), close.
  // Connections idle between requests close at once; a request in progress gets
  // its response with `Connection: close`. Returns immediately (Run() returns
  // when the drain is over). Idempotent; callable from any thread, before or
  // during Run() — NOT from inside a POSIX signal handler function itself (use
  // asio::signal_set or a thread that waits for the signal).
  void Stop();
  // The bound port (useful with port 0 in tests). Valid after Listen().
  std::uint16_t port() const;
  // Bind now (Run binds if not yet bound): lets main() report a busy port before logging "listening".
  void Listen();

  // While `ready()` returns false, every /api/ request except /api/v1/health
  // answers 503 unavailable. Call before Run(); `ready` is called on network
  // threads for every API request, so it must be cheap and thread-safe (an
  // std::atomic<bool> load). Without one the server is always ready.
  // GET /api/v1/health itself: when the router has no such route, the server
  // answers it: 200 {"status":"ok"} when ready, 503 {"status":"starting"} before.
  void SetReadiness(ReadinessCheck ready);

  // Serves a subtree of URLs outside the router (see mount.hpp): the Socket.IO
  // endpoint. Call before Run().
  void AddMount(Mount mount);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lenslet::http

#pragma once
// State shared by the listener, the sessions and Server::Stop(). No Beast here.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "http/detail/address_limits.hpp"
#include "http/detail/http_metrics.hpp"
#include "http/detail/static_files.hpp"
#include "http/mount.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace lenslet::http::detail {

// One per live connection, so Stop() can close the idle ones. `close_now` and
// `idle` are touched only on `executor` (the connection's strand).
struct SessionHandle {
  boost::asio::any_io_executor executor;
  std::function<void()> close_now;  // empty once the session has ended
  bool idle = false;                // waiting for the next request head
};

class ServerContext {
 public:
  ServerContext(ServerOptions options, std::shared_ptr<const Router> router, Authenticator authenticator);

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  const Authenticator authenticate;
  ReadinessCheck ready;  // set before Run(); empty: always ready
  StaticFiles static_files;
  std::vector<Mount> mounts;  // set before Run(); read-only afterwards
  ConnectionCounter connections;  // options.connections_per_address
  AddressBuckets handshakes;      // options.handshakes_per_minute
  AddressBuckets media_egress;    // options.media_bytes_per_second
  std::unique_ptr<HttpMetrics> http_metrics;  // set before Run() when options.record_metrics

  // The mount serving `path`, or nullptr.
  const Mount* FindMount(std::string_view path) const {
    for (const auto& mount : mounts) {
      if (mount.Matches(path)) return &mount;
    }
    return nullptr;
  }

  // Set once by Stop(); sessions read it between requests.
  std::atomic<bool> stopping{false};

  void Register(const std::shared_ptr<SessionHandle>& session);
  void Unregister(const std::shared_ptr<SessionHandle>& session);
  // Asks every session, on its own strand, to close if it is idle.
  void CloseIdleSessions();
  std::size_t active_sessions() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::shared_ptr<SessionHandle>> sessions_;
};

}  // namespace lenslet::http::detail

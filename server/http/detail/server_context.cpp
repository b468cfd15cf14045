#include "http/detail/server_context.hpp"

#include <boost/asio/post.hpp>
#include <vector>

namespace lenslet::http::detail {

ServerContext::ServerContext(ServerOptions options_in, std::shared_ptr<const Router> router_in,
                             Authenticator authenticator)
    : options(std::move(options_in)),
      router(std::move(router_in)),
      authenticate(std::move(authenticator)),
      static_files(options.web_root),
      connections(options.connections_per_address),
      // A minute's worth may come at once (a NAT's users reconnecting together).
      handshakes(static_cast<double>(options.handshakes_per_minute) / 60.0,
                 static_cast<double>(options.handshakes_per_minute)),
      // One second's worth of burst: a page of thumbnails goes out at once.
      media_egress(static_cast<double>(options.media_bytes_per_second),
                   static_cast<double>(options.media_bytes_per_second)) {}

void ServerContext::Register(const std::shared_ptr<SessionHandle>& session) {
  std::lock_guard lock(mutex_);
  sessions_.insert(session);
}

void ServerContext::Unregister(const std::shared_ptr<SessionHandle>& session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void ServerContext::CloseIdleSessions() {
  std::vector<std::shared_ptr<SessionHandle>> sessions;
  {
    // Copy under the lock, post after releasing it: a session that ends
    // meanwhile unregisters itself without waiting for us.
    std::lock_guard lock(mutex_);
    sessions.assign(sessions_.begin(), sessions_.end());
  }
  for (auto& session : sessions) {
    boost::asio::post(session->executor, [session] {
      if (session->idle && session->close_now) session->close_now();
    });
  }
}

std::size_t ServerContext::active_sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace lenslet::http::detail

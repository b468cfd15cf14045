#pragma once
// Ends the sockets of logins that ended while connected. A logout disconnects
// its sockets at once (api/live/events.hpp DisconnectSession, through the
// publisher, so in every process); what no request announces — a refresh
// token reused (which revokes the login), an expiry, a revocation by another
// tool — is caught here: every `interval` the process re-checks the logins of
// its connected sockets, in batches (store::SessionStore::ActiveAmong).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"
#include "realtime/server.hpp"

namespace lenslet::api::live {

class SessionWatch {
 public:
  void Add(core::SessionId session);
  void Remove(core::SessionId session);
  std::vector<core::SessionId> Watched() const;

  // Runs until the executor stops; the sockets of a dead login are closed.
  boost::asio::awaitable<void> Run(Services& services, realtime::Server& io, std::chrono::milliseconds interval);
  // One pass (Run calls it; tests too). Returns how many logins were found ended.
  boost::asio::awaitable<std::size_t> CheckOnce(Services& services, realtime::Server& io);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<core::SessionId, int> sockets_;  // login → its connected sockets
};

}  // namespace lenslet::api::live

#pragma once
// Ends the sockets of logins that ended while connected. A logout disconnects
// its sockets at once (api/live/events.hpp DisconnectSession, through the
// publisher, so in every process); what no request announces — a refresh
// token reused (which revokes the login), an expiry, a revocation by another
// tool — is caught here: every `interval` the process re-checks the logins of
// its connected sockets, in batches (store::SessionStore::ActiveAmong).
//
// A socket also never outlives the access token it was opened with (issue
// 17.5): at the token's expiry it gets `session:expired` and is disconnected;
// a client whose login lives refreshes and connects again with the new token.
// One queue and one coarse tick per process, no timer per socket.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "realtime/server.hpp"

namespace lenslet::api::live {

class SessionWatch {
 public:
  void Add(core::SessionId session);
  void Remove(core::SessionId session);
  std::vector<core::SessionId> Watched() const;
  // Ends `socket` at `at` (UTC ms), the expiry of the token it connected with.
  void ExpireAt(std::weak_ptr<realtime::Socket> socket, core::Millis at);
  // Ends the sockets whose token expired by `now`; returns how many (Run's
  // tick calls it; tests too).
  std::size_t ExpireDue(core::Millis now);

  // Runs until the executor stops; the sockets of a dead login are closed.
  boost::asio::awaitable<void> Run(Services& services, realtime::Server& io, std::chrono::milliseconds interval);
  // One pass (Run calls it; tests too). Returns how many logins were found ended.
  boost::asio::awaitable<std::size_t> CheckOnce(Services& services, realtime::Server& io);

 private:
  boost::asio::awaitable<void> RunExpiries();

  struct Expiry {
    core::Millis at = 0;
    std::weak_ptr<realtime::Socket> socket;  // gone already: nothing to do
    bool operator>(const Expiry& other) const { return at > other.at; }
  };

  mutable std::mutex mutex_;
  std::unordered_map<core::SessionId, int> sockets_;  // login → its connected sockets
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries_;  // soonest first
};

}  // namespace lenslet::api::live

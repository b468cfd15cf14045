#include "api/live/session_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "api/live/events.hpp"
#include "core/time.hpp"
#include "store/session_store.hpp"

namespace lenslet::api::live {

void SessionWatch::Add(core::SessionId session) {
  std::lock_guard lock(mutex_);
  ++sockets_[session];
}

void SessionWatch::Remove(core::SessionId session) {
  std::lock_guard lock(mutex_);
  const auto it = sockets_.find(session);
  if (it != sockets_.end() && --it->second <= 0) sockets_.erase(it);
}

std::vector<core::SessionId> SessionWatch::Watched() const {
  std::lock_guard lock(mutex_);
  std::vector<core::SessionId> ids;
  ids.reserve(sockets_.size());
  for (const auto& [id, count] : sockets_) ids.push_back(id);
  return ids;
}

void SessionWatch::ExpireAt(std::weak_ptr<realtime::Socket> socket, core::Millis at) {
  std::lock_guard lock(mutex_);
  expiries_.push(Expiry{at, std::move(socket)});
}

std::size_t SessionWatch::ExpireDue(core::Millis now) {
  std::vector<std::shared_ptr<realtime::Socket>> due;
  {
    std::lock_guard lock(mutex_);
    while (!expiries_.empty() && expiries_.top().at <= now) {
      if (auto socket = expiries_.top().socket.lock()) due.push_back(std::move(socket));
      expiries_.pop();
    }
  }
  // Outside the lock: both only queue work on the socket's own strand.
  for (const auto& socket : due) {
    socket->Emit("session:expired",
                 realtime::Payload{}.Add(boost::json::object{{"code", "session_expired"},
                                                            {"message", "Refresh the session and connect again"}}));
    socket->DisconnectConnection();
  }
  return due.size();
}

boost::asio::awaitable<void> SessionWatch::RunExpiries() {
  // Coarse on purpose: a token ends at a whole second (its "exp").
  constexpr auto kTick = std::chrono::milliseconds(250);
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  for (;;) {
    timer.expires_after(kTick);
    co_await timer.async_wait(boost::asio::use_awaitable);
    ExpireDue(core::NowMillis());
  }
}

boost::asio::awaitable<std::size_t> SessionWatch::CheckOnce(Services& services, realtime::Server& io) {
  auto watched = Watched();
  if (watched.empty()) co_return 0;
  const auto now = core::NowMillis();
  auto active = co_await services.db.Read(
      [&](db::Connection& c) { return store::SessionStore().ActiveAmong(c, watched, now); });
  std::sort(active.begin(), active.end());
  std::size_t ended = 0;
  for (const auto session : watched) {
    if (std::binary_search(active.begin(), active.end(), session)) continue;
    ++ended;
    // This process's sockets only: every process runs its own watch.
    io.DeliverLocal(realtime::Broadcast{.kind = realtime::Broadcast::Kind::kDisconnect,
                                        .nsp = "/",
                                        .rooms = {SessionRoom(session)}});
  }
  co_return ended;
}

boost::asio::awaitable<void> SessionWatch::Run(Services& services, realtime::Server& io,
                                               std::chrono::milliseconds interval) {
  const auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::co_spawn(executor, RunExpiries(), boost::asio::detached);
  boost::asio::steady_timer timer(executor);
  for (;;) {
    timer.expires_after(interval);
    co_await timer.async_wait(boost::asio::use_awaitable);
    if (!services.ready.load()) continue;
    try {
      const auto ended = co_await CheckOnce(services, io);
      if (ended > 0) spdlog::info("realtime: closed the sockets of {} ended logins", ended);
    } catch (const std::exception& e) {
      // The database may be briefly away; the next pass retries.
      spdlog::warn("realtime: session check failed: {}", e.what());
    }
  }
}

}  // namespace lenslet::api::live

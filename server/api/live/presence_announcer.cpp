#include "api/live/presence_announcer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/object.hpp>
#include <exception>
#include <mutex>

#include "api/conversations/conversations.hpp"
#include "api/live/events.hpp"
#include "api/live/presence.hpp"
#include "core/time.hpp"

namespace lenslet::api::live {

namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// Presence in decision order. Who may see a user's presence changes under it:
// a connection's "online" whose audience was read before a block committed,
// published after the block's "offline", left the blocked viewer's screen
// showing "online" for good (and an "offline" its lastSeenAt). So each
// decision of who hears what about a user (a read of their contacts) and its
// publish run together on the database worker under one of these in-process
// locks, picked by user, taken before the read's unit starts: whoever decides
// first publishes first, and whoever decides after a change has committed sees
// it. Held while publishing (the hub's locks are taken inside it, never the
// other way round), never while taking another of these. (Across instances,
// order is up to the Redis adapter, as for message:new in
// conversations/detail/send.cpp.)
std::mutex& PresenceOrderLock(core::UserId user) {
  static std::array<std::mutex, 64> locks;
  return locks[static_cast<std::size_t>(user.value) % locks.size()];
}

// Runs decide_and_publish(connection) under `subject`'s order lock, in a read unit.
template <typename F>
asio::awaitable<void> InPresenceOrder(Services& services, core::UserId subject, F decide_and_publish) {
  co_await services.db.pool().Run([&] {
    const std::lock_guard order(PresenceOrderLock(subject));
    services.db.ReadNow([&](db::Connection& c) { decide_and_publish(c); });
  });
}

void TellOnline(Services& services, core::UserId subject, const std::vector<core::UserId>& viewers) {
  if (viewers.empty() || services.presence == nullptr || !services.presence->IsOnline(subject)) return;
  EmitToUsers(services, viewers, "presence",
              json::object{{"userId", subject.ToString()},
                           {"online", true},
                           {"lastSeenAt", core::ToIso8601(core::NowMillis())}});
}

}  // namespace

asio::awaitable<void> AnnouncePresenceChange(Services& services, core::UserId user, bool online) {
  try {
    const auto now = core::NowMillis();
    if (!online) co_await conversations::RecordLastSeen(services, user, now);
    co_await InPresenceOrder(services, user, [&](db::Connection& c) {
      EmitToUsers(services, conversations::Contacts(c, user), "presence",
                  json::object{
                      {"userId", user.ToString()}, {"online", online}, {"lastSeenAt", core::ToIso8601(now)}});
    });
  } catch (const std::exception& e) {
    spdlog::warn("realtime: presence of user {} not announced: {}", user.value, e.what());
  }
}

asio::awaitable<void> RetellPresence(Services& services, core::UserId subject,
                                     std::vector<core::UserId> viewers) {
  if (viewers.empty()) co_return;
  try {
    co_await InPresenceOrder(services, subject, [&](db::Connection& c) {
      const auto contacts = conversations::Contacts(c, subject);
      std::vector<core::UserId> hidden;
      std::vector<core::UserId> shown;
      for (const auto viewer : viewers) {
        (std::find(contacts.begin(), contacts.end(), viewer) == contacts.end() ? hidden : shown)
            .push_back(viewer);
      }
      if (!hidden.empty()) {
        EmitToUsers(services, hidden, "presence",
                    json::object{{"userId", subject.ToString()}, {"online", false}, {"lastSeenAt", nullptr}});
      }
      TellOnline(services, subject, shown);
    });
  } catch (const std::exception& e) {
    spdlog::warn("realtime: presence of user {} not told again: {}", subject.value, e.what());
  }
}

std::function<void(core::UserId, bool)> PresenceAnnouncer(Services& services, asio::any_io_executor executor) {
  return [&services, executor = std::move(executor)](core::UserId user, bool online) {
    asio::co_spawn(executor, AnnouncePresenceChange(services, user, online), asio::detached);
  };
}

}  // namespace lenslet::api::live

#include "api/live/presence_announcer.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/object.hpp>
#include <algorithm>
#include <exception>

#include "api/conversations/conversations.hpp"
#include "api/live/events.hpp"
#include "api/live/presence.hpp"
#include "core/time.hpp"

namespace lenslet::api::live {

namespace json = boost::json;
namespace asio = boost::asio;

asio::awaitable<void> AnnouncePresenceChange(Services& services, core::UserId user, bool online) {
  try {
    const auto now = core::NowMillis();
    if (!online) co_await conversations::RecordLastSeen(services, user, now);
    const auto contacts = co_await conversations::Contacts(services, user);
    EmitToUsers(services, contacts, "presence",
                json::object{{"userId", user.ToString()}, {"online", online}, {"lastSeenAt", core::ToIso8601(now)}});
  } catch (const std::exception& e) {
    spdlog::warn("realtime: presence of user {} not announced: {}", user.value, e.what());
  }
}

void AnnounceOnlineTo(Services& services, core::UserId subject, const std::vector<core::UserId>& viewers) {
  if (viewers.empty() || services.presence == nullptr || !services.presence->IsOnline(subject)) return;
  EmitToUsers(services, viewers, "presence",
              json::object{{"userId", subject.ToString()}, {"online", true},
                           {"lastSeenAt", core::ToIso8601(core::NowMillis())}});
}

asio::awaitable<void> RetellPresence(Services& services, core::UserId subject, std::vector<core::UserId> viewers) {
  try {
    const auto contacts = co_await conversations::Contacts(services, subject);
    std::vector<core::UserId> hidden;
    std::vector<core::UserId> shown;
    for (const auto viewer : viewers) {
      (std::find(contacts.begin(), contacts.end(), viewer) == contacts.end() ? hidden : shown).push_back(viewer);
    }
    if (!hidden.empty()) {
      EmitToUsers(services, hidden, "presence",
                  json::object{{"userId", subject.ToString()}, {"online", false}, {"lastSeenAt", nullptr}});
    }
    AnnounceOnlineTo(services, subject, shown);
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

#include "api/notifications/push.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "api/live/events.hpp"
#include "api/notifications/targets.hpp"
#include "api/views/notification_view.hpp"

namespace lenslet::api::notifications {

namespace json = boost::json;

json::object PushMessage(const store::PushRow& found, const views::NotificationTargets& targets) {
  return {{"notification", views::Notification(found.notification, targets)},
          {"unreadCount", found.unread_count}};
}

void RenderWrittenPush(db::Database& db, core::UserId recipient, std::optional<core::NotificationId> id,
                       const std::optional<store::PushRow>& pushed,
                       const std::optional<views::NotificationTargets>& targets,
                       std::vector<Created>& notified,
                       std::vector<std::pair<core::UserId, json::object>>& rendered) {
  if (!pushed) return;
  if (targets) {
    rendered.emplace_back(recipient, PushMessage(*pushed, *targets));
    return;
  }
  // The post's images are not at hand: a read unit renders it.
  Collect(notified, recipient, id);
  RenderAfterWrite(db, notified, rendered);
}

void EmitRendered(Services& services, std::vector<std::pair<core::UserId, json::object>> messages) {
  if (messages.empty() || !services.publisher) return;
  try {
    for (auto& [recipient, message] : messages) {
      live::EmitToUsers(services, {recipient}, "notification:new", std::move(message));
    }
  } catch (const std::exception& e) {
    spdlog::warn("notifications: live push failed: {}", e.what());
  }
}

std::vector<std::pair<core::UserId, json::object>> RenderPushes(db::Connection& c,
                                                                const std::vector<Created>& created) {
  std::vector<std::pair<core::UserId, json::object>> out;
  for (const auto& [recipient, id] : created) {
    // Nothing when it was undone in the meantime, or the list leaves it out.
    const auto found = store::FindForPush(c, recipient, id);
    if (!found) continue;
    out.emplace_back(recipient, PushMessage(*found, PushTargets(c, *found)));
  }
  return out;
}

void RenderAfterWrite(db::Database& db, std::vector<Created>& created,
                      std::vector<std::pair<core::UserId, json::object>>& rendered) noexcept {
  if (created.empty()) return;
  try {
    auto messages = db.ReadNow([&](db::Connection& c) { return RenderPushes(c, created); });
    created.clear();
    for (auto& message : messages) rendered.push_back(std::move(message));
  } catch (const std::exception& e) {
    spdlog::debug("notifications: rendering after the write failed, left to the push: {}", e.what());
  }
}

boost::asio::awaitable<void> Push(Services& services, std::vector<Created> created) {
  if (created.empty() || !services.publisher) co_return;
  try {
    // Rendered for each recipient as they may see it (targets apply their
    // visibility), so a push never shows more than the list would.
    auto messages = co_await services.db.Read([&](db::Connection& c) { return RenderPushes(c, created); });
    for (auto& [recipient, message] : messages) {
      live::EmitToUsers(services, {recipient}, "notification:new", std::move(message));
    }
  } catch (const std::exception& e) {
    spdlog::warn("notifications: live push failed: {}", e.what());
  }
}

}  // namespace lenslet::api::notifications

#include "api/notifications/detail/notification_page.hpp"

#include "api/notifications/targets.hpp"
#include "api/views/notification_view.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::notifications::detail {

boost::json::object NotificationPage(db::Connection& c, core::UserId recipient,
                                     const api::detail::PageRequest& page) {
  const store::NotificationStore notifications;
  std::optional<core::NotificationId> before;
  if (!page.first_page()) before = core::NotificationId(page.after[0]);
  auto rows = notifications.List(c, recipient, before, page.limit + 1);
  std::optional<std::vector<std::int64_t>> next;
  if (rows.size() > static_cast<std::size_t>(page.limit)) {
    rows.resize(static_cast<std::size_t>(page.limit));
    next = std::vector<std::int64_t>{rows.back().id.value};
  }
  const auto targets = LoadNotificationTargets(c, recipient, rows);
  boost::json::array items;
  items.reserve(rows.size());
  for (const auto& row : rows) items.push_back(views::Notification(row, targets));
  auto json = api::detail::Page(std::move(items), next);
  json["unreadCount"] = notifications.UnreadCount(c, recipient);
  return json;
}

}  // namespace lenslet::api::notifications::detail

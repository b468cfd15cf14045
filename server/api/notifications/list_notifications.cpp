// GET /api/v1/notifications → {items, nextCursor, unreadCount}: the caller's
// notifications, newest first; only ever the caller's own.
#include "api/detail/pagination.hpp"
#include "api/notifications/detail/notification_page.hpp"
#include "api/notifications/notifications.hpp"

namespace lenslet::api::notifications {

boost::asio::awaitable<http::Response> ListNotifications(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, detail::kNotificationCursorFields);
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::NotificationPage(c, me, page);
  }));
}

}  // namespace lenslet::api::notifications

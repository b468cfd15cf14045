#pragma once
// The unit body of GET /notifications, apart from its handler so that a dbtest
// can count its statements (constant whatever the page size).
#include <boost/json/object.hpp>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::api::notifications::detail {

// Cursor fields: {notification id}.
inline constexpr std::size_t kNotificationCursorFields = 1;

// {items, nextCursor, unreadCount}, newest first.
boost::json::object NotificationPage(db::Connection& c, core::UserId recipient,
                                     const api::detail::PageRequest& page);

}  // namespace lenslet::api::notifications::detail

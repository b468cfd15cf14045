#pragma once
// For dbtests that compare a live push with the list: what GET
// /notifications shows a recipient, read the way the list reads it.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>

#include "api/notifications/targets.hpp"
#include "api/views/notification_view.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::notifications::testing {

// The newest of `recipient`'s notifications as GET /notifications shows it
// (an empty object when there is none).
inline boost::json::object NewestListed(db::Database& db, core::UserId recipient) {
  return db.ReadNow([&](db::Connection& c) {
    const auto rows = store::NotificationStore().List(c, recipient, std::nullopt, 1);
    if (rows.empty()) return boost::json::object{};
    return views::Notification(rows.front(), LoadNotificationTargets(c, recipient, rows));
  });
}

// `recipient`'s unread count as the list's badge shows it.
inline std::int64_t UnreadListed(db::Database& db, core::UserId recipient) {
  return db.ReadNow([&](db::Connection& c) { return store::NotificationStore().UnreadCount(c, recipient); });
}

}  // namespace lenslet::api::notifications::testing

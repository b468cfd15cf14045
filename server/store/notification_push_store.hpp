#pragma once
// The live push's read (api/notifications/push.hpp), beside NotificationStore:
// notification `id` of `recipient` exactly as NotificationStore::List shows it
// (nullopt when the list leaves it out — a muted or hidden actor — or it is
// gone), with NotificationStore::UnreadCount, in ONE statement (issue 16.3:
// it took two). Defined in notification_store.cpp, which owns the list's SQL.
#include <cstdint>
#include <optional>
#include <utility>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/notification_store.hpp"

namespace lenslet::store {

std::optional<std::pair<NotificationRow, std::int64_t>> FindWithUnreadCount(db::Connection& c,
                                                                            core::UserId recipient,
                                                                            core::NotificationId id);

}  // namespace lenslet::store

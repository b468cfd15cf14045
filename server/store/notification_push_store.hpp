#pragma once
// The live push's read (api/notifications/push.hpp), beside NotificationStore:
// notification `id` of `recipient` exactly as NotificationStore::List shows it
// (nullopt when the list leaves it out — a muted or hidden actor — or it is
// gone), with NotificationStore::UnreadCount and what it shows of its post
// and comment, in ONE statement (issue 16.3: it took two, three with a
// comment). Defined in notification_store.cpp, which owns the list's SQL.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/notification_store.hpp"

namespace lenslet::store {

struct PushRow {
  NotificationRow notification;
  std::int64_t unread_count = 0;
  // The notification's post only when the recipient may see it, by
  // VisiblePostSummaries' rule (store/post_summaries.hpp), with its edited_at
  // (for PostStore::MediaOf); its comment's text only then.
  bool post_visible = false;
  std::optional<core::Millis> post_edited_at;
  std::optional<std::string> comment_text;
};

std::optional<PushRow> FindForPush(db::Connection& c, core::UserId recipient, core::NotificationId id);

// For a statement that inserts a notification and tells it in the same round
// trip (LikeStore::LikeIfVisible): a SELECT of FindForPush's columns
// (kPushColumnCount) for the rows of `inserted`, a WITH query of that
// statement returning the notifications columns (id, recipient_id, type,
// actor_id, post_id, comment_id, is_read, created_at, audit_id), whose
// recipient is `recipient` (an SQL expression). No row when the list leaves
// it out. The unread count counts it, which the statement's snapshot cannot
// see. PostgreSQL only (a LATERAL subquery).
std::string PushOfInsertedSql(std::string_view inserted, const std::string& recipient);
inline constexpr std::size_t kPushColumnCount = 14 + kUserColumnCount;
// FindForPush's columns, the first of `row`; nullopt when they are NULL (a
// LEFT JOIN on PushOfInsertedSql found none).
std::optional<PushRow> ReadPushRow(const db::Row& row);

}  // namespace lenslet::store

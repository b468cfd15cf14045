#include "store/notification_store.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "store/id_high_water.hpp"
#include "store/notification_push_store.hpp"
#include "store/post_summaries.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kTypeNames[] = {"like",     "comment",         "follow", "follow_request",
                                           "mention",  "security",        "content_removed", "warning"};

// Moderation notices name their recipient as actor (moderators stay anonymous).
bool SelfAddressed(NotificationType type) {
  return type == NotificationType::kSecurity || type == NotificationType::kContentRemoved ||
         type == NotificationType::kWarning;
}

// No conflict target: the only unique index besides the primary key is
// notifications_identity, and DO NOTHING keeps a PostgreSQL unit usable.
constexpr std::string_view kInsert =
    "INSERT INTO notifications (recipient_id, type, actor_id, post_id, comment_id, is_read, created_at, audit_id) "
    "VALUES ($1, $2, $3, $4, $5, 0, $6, $7) ON CONFLICT DO NOTHING RETURNING id";
// An unlike, unfollow or deletion removes a notification that a client may
// have shown and then mark read up to ({upTo}): its id is never given again.
constexpr std::string_view kInsertSqlite =
    "INSERT INTO notifications (id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at, "
    "audit_id) VALUES (" LENSLET_NEXT_ID("notifications") ", $1, $2, $3, $4, $5, 0, $6, $7) "
    "ON CONFLICT DO NOTHING RETURNING id";

// coalesce(..., 0) as in the unique index, so this is one index probe.
constexpr std::string_view kRemove =
    "DELETE FROM notifications WHERE recipient_id = $1 AND type = $2 AND actor_id = $3 "
    "AND coalesce(post_id, 0) = $4 AND coalesce(comment_id, 0) = $5";

constexpr std::string_view kRemoveBetween =
    "DELETE FROM notifications WHERE (recipient_id = $1 AND actor_id = $2) OR (recipient_id = $2 AND "
    "actor_id = $1)";

// A "follow" from the same actor cannot normally coexist with a request (an
// unfollow removes it), but if one does, the request is dropped instead of
// breaking the unique index.
// WARNING: OFFSET 0 keeps PostgreSQL from making the NOT EXISTS a join: a
// probe of the pair's rows (notifications_actor) per request. As a join it
// planned, without statistics or from a generic plan's average recipient, a
// nested loop that read the account's whole 'follow' range per request, a
// range this UPDATE itself grows: 0.3 s for 3,000 requests, 11 s for 3,000
// with 20,000 followers, so a popular account could not go public.
constexpr std::string_view kConvertRequests =
    "UPDATE notifications SET type = 'follow' WHERE recipient_id = $1 AND type = 'follow_request' "
    "AND (actor_id = $2 OR $2 = 0) AND NOT EXISTS (SELECT 1 FROM notifications f WHERE "
    "f.recipient_id = notifications.recipient_id AND f.type = 'follow' AND f.actor_id = "
    "notifications.actor_id "
    "AND f.post_id IS NULL AND f.comment_id IS NULL LIMIT 1 OFFSET 0)";
constexpr std::string_view kDropConvertedLeftovers =
    "DELETE FROM notifications WHERE recipient_id = $1 AND type = 'follow_request' AND (actor_id = $2 OR $2 "
    "= 0)";

// API.md "Mute": the activity of an account the recipient muted leaves their
// notifications — the list, the live push (which reads the list) and the
// unread count — while the mute lasts; the rows stay, so unmuting shows them
// again. One primary-key probe per notification read. The actors the privacy
// policy hides (suspended, or deactivated by their owner: LENSLET_NOT_SUSPENDED)
// leave everyone's notifications the same way.
#define LENSLET_ACTOR_MUTED \
  "EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = n.recipient_id AND m.muted_id = n.actor_id)"

// The list's columns and joins; the WHERE and what follows are each query's own.
// Functions, not only constants: PushOfInsertedSql builds other files'
// constants during static initialisation.
std::string SelectRows() {
  return "SELECT n.id, n.recipient_id, n.type, n.post_id, n.comment_id, n.is_read, n.created_at, " +
         UserColumns("u") + ", mine.accepted, a.reason, a.target_type";
}
const std::string kSelectRows = SelectRows();
// `source`: the notifications table, or a statement's rows just inserted
// into it (a WITH query returning its columns).
std::string FromRows(std::string_view source) {
  return " FROM " + std::string(source) +
         " n JOIN users u ON u.id = n.actor_id "
         "LEFT JOIN follows mine ON mine.follower_id = n.recipient_id AND mine.followee_id = n.actor_id "
         "LEFT JOIN moderation_audit a ON a.id = n.audit_id ";
}
const std::string kFromRows = FromRows("notifications");
#define LENSLET_LISTED "NOT " LENSLET_ACTOR_MUTED " AND " LENSLET_NOT_SUSPENDED("n.actor_id")

const std::string kList = kSelectRows + kFromRows +
                          "WHERE n.recipient_id = $1 AND n.id < $2 AND " LENSLET_LISTED " ORDER BY n.id DESC LIMIT $3";

// The unread count: every unread notification of `recipient` (an SQL
// expression) that the list would show. The same rule as LENSLET_LISTED, but
// a count reads every unread row (a popular account has thousands: the like
// that notifies it counts them for the push), so the muted and hidden
// accounts are each read once into a hash (uncorrelated NOT IN: PostgreSQL's
// "hashed SubPlan", SQLite's ephemeral index) instead of probed per row —
// half the time per row, measured at 1,638 unread (0.93 -> 0.46 ms). The ids
// are NOT NULL, so NOT IN means NOT EXISTS here.
// Counts at most `cap` rows (NotificationStore::kUnreadCountCap says why).
std::string UnreadCountSql(const std::string& recipient, std::int64_t cap) {
  return "SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE n.recipient_id = " + recipient +
         " AND n.is_read = 0 AND n.actor_id NOT IN (SELECT m.muted_id FROM mutes m WHERE m.muter_id = " + recipient +
         ") AND n.actor_id NOT IN (SELECT sa.user_id FROM hidden_accounts sa) LIMIT " + std::to_string(cap) +
         ") unread";
}

const std::string kUnreadCount = UnreadCountSql("$1", NotificationStore::kUnreadCountCap);

// The push's row of the notifications of `source` (see FromRows) for
// `recipient` (an SQL expression): the list's columns, the unread count (its
// own `n` shadows the outer one inside its parentheses) plus `unread_extra`;
// the post, when the recipient may see it, and its comment: what the list
// reads with LoadNotificationTargets (VisiblePostSummaries, comments on a
// visible post), here as columns of the same row.
//
// `post_apart`: the post and its comment as a LATERAL subquery planned on its
// own (PostgreSQL only, for the one-statement writes): the push's join problem
// shrinks by two relations, and the like's statement plans in 1.3-1.8 ms
// instead of 2.0-2.6. Each connection plans it again after every autovacuum
// of a table it reads (bench/README.md "Autovacuum's minute").
std::string PushSelect(std::string_view source, const std::string& recipient, std::string_view unread_extra,
                       bool post_apart) {
  // With the inserted row added (" + 1"), one fewer is counted: the cap holds.
  const auto cap = NotificationStore::kUnreadCountCap - (unread_extra.empty() ? 0 : 1);
  const std::string visible_post =
      "p.id = n.post_id AND EXISTS (SELECT 1 FROM users pu WHERE pu.id = p.author_id AND " +
      VisibleAuthorSql("pu", recipient) + ")";
  const std::string its_comment = "comments cm ON cm.id = n.comment_id AND cm.post_id = p.id";
  const std::string head =
      SelectRows() + ", (" + UnreadCountSql(recipient, cap) + ")" + std::string(unread_extra);
  if (post_apart) {
    return head + ", pc.id, pc.edited_at, pc.text" + FromRows(source) +
           "LEFT JOIN LATERAL (SELECT p.id, p.edited_at, cm.text FROM posts p LEFT JOIN " + its_comment +
           " WHERE " + visible_post + " OFFSET 0) pc ON true ";
  }
  return head + ", p.id, p.edited_at, cm.text" + FromRows(source) + "LEFT JOIN posts p ON " + visible_post +
         " LEFT JOIN " + its_comment + " ";
}

const std::string kFindForPush = PushSelect("notifications", "$1", "", false) +
                                 "WHERE n.recipient_id = $1 AND n.id = $2 AND " LENSLET_LISTED;

}  // namespace

std::string PushOfInsertedSql(std::string_view inserted, const std::string& recipient) {
  // The statement's snapshot does not see its own insert: count it.
  return PushSelect(inserted, recipient, " + 1", true) + "WHERE " LENSLET_LISTED;
}

namespace {

#undef LENSLET_LISTED
#undef LENSLET_ACTOR_MUTED

constexpr std::string_view kMarkRead =
    "UPDATE notifications SET is_read = 1 WHERE recipient_id = $1 AND is_read = 0 AND id <= $2";

constexpr auto kMaxId = std::numeric_limits<std::int64_t>::max();

// One row of kSelectRows' columns.
NotificationRow ReadRow(const db::Row& r) {
  NotificationRow n;
  n.id = core::NotificationId(r.Int(0));
  n.recipient = core::UserId(r.Int(1));
  const auto type = ParseNotificationType(r.Text(2));
  // The CHECK constraint allows only known names; a new one needs code here first.
  if (!type) throw std::runtime_error("notifications.type holds an unknown type: " + r.Text(2));
  n.type = *type;
  if (const auto post = r.OptInt(3)) n.post = core::PostId(*post);
  if (const auto comment = r.OptInt(4)) n.comment = core::CommentId(*comment);
  n.read = r.Bool(5);
  n.created_at = r.Int(6);
  n.actor = ReadUserColumns(r, 7);
  if (const auto accepted = r.OptInt(7 + kUserColumnCount)) {
    n.actor_state = *accepted != 0 ? FollowState::kFollowing : FollowState::kRequested;
  }
  n.moderation_reason = r.OptText(8 + kUserColumnCount);
  n.moderation_target = r.OptText(9 + kUserColumnCount);
  return n;
}
constexpr std::size_t kRowColumnCount = 10 + kUserColumnCount;
static_assert(kPushColumnCount == kRowColumnCount + 4);

}  // namespace

std::string_view ToString(NotificationType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<NotificationType> ParseNotificationType(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kTypeNames); ++i) {
    if (kTypeNames[i] == text) return static_cast<NotificationType>(i);
  }
  return std::nullopt;
}

std::optional<core::NotificationId> NotificationStore::Upsert(db::Connection& c,
                                                              const NewNotification& n) const {
  if (n.recipient == n.actor && !SelfAddressed(n.type)) return std::nullopt;
  const auto post = n.post ? std::optional<std::int64_t>(n.post->value) : std::nullopt;
  const auto comment = n.comment ? std::optional<std::int64_t>(n.comment->value) : std::nullopt;
  const auto insert = c.dialect() == db::Dialect::kPostgres ? kInsert : kInsertSqlite;
  const auto row = c.Exec(insert, n.recipient, ToString(n.type), n.actor, post, comment, n.now, n.audit).first();
  if (!row) return std::nullopt;
  return core::NotificationId(row->Int(0));
}

bool NotificationStore::Remove(db::Connection& c, core::UserId recipient, NotificationType type,
                               core::UserId actor, std::optional<core::PostId> post,
                               std::optional<core::CommentId> comment) const {
  return c.Exec(kRemove, recipient, ToString(type), actor, post ? post->value : 0,
                comment ? comment->value : 0)
             .affected > 0;
}

std::int64_t NotificationStore::RemoveBetween(db::Connection& c, core::UserId a, core::UserId b) const {
  return c.Exec(kRemoveBetween, a, b).affected;
}

std::int64_t NotificationStore::ConvertFollowRequests(db::Connection& c, core::UserId recipient,
                                                      std::optional<core::UserId> actor) const {
  const std::int64_t actor_or_all = actor ? actor->value : 0;
  const auto converted = c.Exec(kConvertRequests, recipient, actor_or_all).affected;
  c.Exec(kDropConvertedLeftovers, recipient, actor_or_all);
  return converted;
}

std::vector<NotificationRow> NotificationStore::List(db::Connection& c, core::UserId recipient,
                                                     std::optional<core::NotificationId> before,
                                                     int limit) const {
  const auto result = c.Exec(kList, recipient, before ? before->value : kMaxId, limit);
  std::vector<NotificationRow> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) out.push_back(ReadRow(r));
  return out;
}

std::int64_t NotificationStore::UnreadCount(db::Connection& c, core::UserId recipient) const {
  return c.Exec(kUnreadCount, recipient).one().Int(0);
}

std::optional<PushRow> FindForPush(db::Connection& c, core::UserId recipient, core::NotificationId id) {
  const auto row = c.Exec(kFindForPush, recipient, id).first();
  if (!row) return std::nullopt;
  return ReadPushRow(*row);
}

std::optional<PushRow> ReadPushRow(const db::Row& row) {
  if (row.IsNull(0)) return std::nullopt;
  return PushRow{.notification = ReadRow(row),
                 .unread_count = row.Int(kRowColumnCount),
                 .post_visible = !row.IsNull(kRowColumnCount + 1),
                 .post_edited_at = row.OptInt(kRowColumnCount + 2),
                 .comment_text = row.OptText(kRowColumnCount + 3)};
}

std::int64_t NotificationStore::MarkRead(db::Connection& c, core::UserId recipient,
                                         std::optional<core::NotificationId> up_to) const {
  return c.Exec(kMarkRead, recipient, up_to ? up_to->value : kMaxId).affected;
}

}  // namespace lenslet::store

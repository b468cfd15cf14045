#include "store/plain_follow.hpp"

#include <string>

#include "core/error.hpp"
#include "store/home_feed_store.hpp"

namespace lenslet::store {
namespace {

// `target` names its columns c0, c1, …: SeenUserColumns' are unnamed
// expressions, and the gate reads them by position.
std::string Column(std::size_t i) { return "c" + std::to_string(i); }

// users.post_count in UserColumns (which SeenUserColumns starts with).
constexpr std::size_t kPostCountColumn = kUserPostCountColumn;

std::string TargetColumnNames() {
  std::string out;
  for (std::size_t i = 0; i < kSeenUserColumnCount; ++i) out += (i ? ", " : "") + Column(i);
  return out;
}

// $1 the username, $2 the follower, $3 now. Every CTE reads the statement's
// one snapshot:
//  - `target` is SeenUserStore::FindByUsername's row (its $2 is the viewer);
//  - `gate` is its id in the plain case only; every write hangs on it;
//  - `added` inserts the follow; ON CONFLICT: a concurrent follow of the same
//    pair inserts nothing, so nothing else is written and no row comes back;
//  - `locked` takes both users' rows in ascending id order before the UPDATE
//    (FollowStore's CountFollow order), so a follow back cannot deadlock;
//  - `told` is NotificationStore::Upsert's row;
//  - the last column is HomeFeedStore::CopyFollowed, by a function of
//    migration 0026 whose snapshot is taken after the rows are locked (one
//    taken before would miss a post that held the followee's row meanwhile);
//    plain only while the followee has no more posts than a follow copies,
//    so the window never has to rise.
const std::string kFollowIfPlain =
    "WITH target (" + TargetColumnNames() + ") AS MATERIALIZED (SELECT " + SeenUserColumns() +
    " FROM users u WHERE lower(u.username) = lower($1::text)), "
    "gate AS MATERIALIZED (SELECT t.c0 AS id FROM target t WHERE t.c0 <> $2::bigint AND t." +
    Column(kUserIsPrivateColumn) + " = 0 AND t." + Column(kSeenHiddenColumn) + " IS NULL AND t." +
    Column(kSeenBlockedColumn) + " = 0 AND t." + Column(kSeenFollowColumn) + " IS NULL AND t." +
    Column(kPostCountColumn) + " <= " + std::to_string(HomeFeedStore::kFollowCopies) +
    "), "
    "added AS (INSERT INTO follows (follower_id, followee_id, accepted, created_at) "
    "SELECT $2::bigint, g.id, 1, $3::bigint FROM gate g ON CONFLICT DO NOTHING RETURNING followee_id), "
    "locked AS MATERIALIZED (SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM added) "
    "AND u.id IN ($2::bigint, (SELECT followee_id FROM added)) ORDER BY u.id FOR NO KEY UPDATE), "
    "counted AS (UPDATE users u SET "
    "follower_count = u.follower_count + CASE WHEN u.id = $2::bigint THEN 0 ELSE 1 END, "
    "following_count = u.following_count + CASE WHEN u.id = $2::bigint THEN 1 ELSE 0 END "
    "FROM locked l WHERE u.id = l.id RETURNING u.id, u.follower_count, u.following_count), "
    "told AS (INSERT INTO notifications (recipient_id, type, actor_id, is_read, created_at) "
    "SELECT a.followee_id, 'follow', $2::bigint, 0, $3::bigint FROM added a ON CONFLICT DO NOTHING "
    "RETURNING id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at, audit_id) "
    // The push's columns first (NULL when nothing to tell), then the followee's.
    // The push's actor is the follower as the snapshot saw them, before the
    // follow: their counters after it come last.
    "SELECT pushed.*, t.*, k.follower_count, k.following_count, (SELECT id FROM told), "
    "me.follower_count, me.following_count, home_feed_copy_followed($2::bigint, a.followee_id) "
    "FROM target t JOIN added a ON a.followee_id = t.c0 JOIN counted k ON k.id = t.c0 "
    "JOIN counted me ON me.id = $2::bigint LEFT JOIN (" +
    PushOfInsertedSql("told", "(SELECT followee_id FROM added)") + ") pushed ON true";

}  // namespace

std::optional<FollowWritten> FollowIfPlain(db::Connection& c, core::UserId follower,
                                           std::string_view username, core::Millis now) {
  if (c.dialect() != db::Dialect::kPostgres) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "follow store: the one-statement follow is for PostgreSQL");
  }
  const auto row = c.Exec(kFollowIfPlain, username, follower, now).first();
  if (!row) return std::nullopt;
  constexpr auto at = kPushColumnCount;
  FollowWritten out{.followee = ReadSeenUser(*row, at)};
  out.followee.seen.follow = FollowState::kFollowing;
  out.followee.user.follower_count = row->Int(at + kSeenUserColumnCount);
  out.followee.user.following_count = row->Int(at + kSeenUserColumnCount + 1);
  if (const auto id = row->OptInt(at + kSeenUserColumnCount + 2))
    out.notification = core::NotificationId(*id);
  out.pushed = ReadPushRow(*row);
  if (out.pushed) {
    auto& actor = out.pushed->notification.actor;
    actor.follower_count = row->Int(at + kSeenUserColumnCount + 3);
    actor.following_count = row->Int(at + kSeenUserColumnCount + 4);
  }
  return out;
}

}  // namespace lenslet::store

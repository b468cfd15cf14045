#include "store/follow_store.hpp"

#include <limits>
#include <string>

#include "store/detail/id_set.hpp"
#include "store/home_feed_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kStateOf =
    "SELECT accepted FROM follows WHERE follower_id = $1 AND followee_id = $2";

// ON CONFLICT DO NOTHING: a second follow of the same pair (a double tap, or a
// concurrent request on PostgreSQL) changes nothing and fails nothing.
constexpr std::string_view kInsertFollow =
    "INSERT INTO follows (follower_id, followee_id, accepted, created_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING";

// FollowAsRead's request (PostgreSQL): the insert, then both users' rows
// locked in ascending id order (CountFollow's), reading whether the followee
// is still private. A profile update holding the followee's row is waited
// for, and the row it committed is read: if it went public, its AcceptAll
// could not see this request (not yet committed), so the request accepts
// itself. A unit going public that locks the row after this one waits for
// this commit, and its AcceptAll sees the request. The insert comes first:
// its trigger takes the pair's block lock (migration 0025) before any row
// lock, as every writer must. NULL when nothing was inserted.
constexpr std::string_view kInsertRequestLocked =
    "WITH added AS (INSERT INTO follows (follower_id, followee_id, accepted, created_at) "
    "VALUES ($1::bigint, $2::bigint, 0, $3::bigint) ON CONFLICT DO NOTHING RETURNING followee_id), "
    "locked AS MATERIALIZED (SELECT u.id, u.is_private FROM users u WHERE EXISTS (SELECT 1 FROM added) "
    "AND u.id IN ($1::bigint, $2::bigint) ORDER BY u.id FOR NO KEY UPDATE) "
    "SELECT (SELECT is_private FROM locked WHERE id = $2::bigint)";

// An account going public: its row and its requesters' in ascending id order,
// before its profile UPDATE takes its own row (see LockForAcceptAll).
constexpr std::string_view kLockForAcceptAll =
    "SELECT u.id FROM users u WHERE u.id = $1 OR u.id IN (SELECT f.follower_id FROM follows f "
    "WHERE f.followee_id = $1 AND f.accepted = 0) ORDER BY u.id FOR NO KEY UPDATE";

// RETURNING tells which kind of row this statement removed, so concurrent
// unfollows decrement the counters once.
constexpr std::string_view kDeleteFollow =
    "DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2 RETURNING accepted";

constexpr std::string_view kAcceptRequest =
    "UPDATE follows SET accepted = 1, created_at = $3 WHERE follower_id = $1 AND followee_id = $2 AND "
    "accepted = 0";

constexpr std::string_view kDeclineRequest =
    "DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2 AND accepted = 0";

constexpr std::string_view kAcceptAll =
    "UPDATE follows SET accepted = 1, created_at = $2 WHERE followee_id = $1 AND accepted = 0 RETURNING "
    "follower_id";

// The followers AcceptAll accepted ($1, LENSLET_ID_SET) follow one account
// more, in one statement however many. PostgreSQL: LockForAcceptAll holds
// their rows already; those of requests that committed while it waited are
// taken here, in ascending id order as the loop took them (an UPDATE alone
// locks in no set order).
constexpr std::string_view kCountFollowingSqlite =
    "UPDATE users SET following_count = following_count + 1 WHERE id IN " LENSLET_ID_SET_SQLITE("$1");
constexpr std::string_view kCountFollowingPostgres =
    "WITH locked AS MATERIALIZED (SELECT u.id FROM users u WHERE u.id IN " LENSLET_ID_SET_POSTGRES("$1") " "
    "ORDER BY u.id FOR NO KEY UPDATE) "
    "UPDATE users SET following_count = users.following_count + 1 FROM locked WHERE users.id = locked.id";

// The list queries: $1 the listed user, $2 the viewer (0: anonymous), $3/$4
// the keyset position after which to continue, $5 the limit, $6 accepted.
// `mine` is the viewer's own follow of each listed user (followedByMe /
// requestedByMe), beside the viewer's mute and restrict of them, so a page
// costs one statement, never one per row.
const std::string kFollowersOrRequests =
    "SELECT " + UserColumns("u") + ", mine.accepted, " + QuietFlagColumns("$2", "u.id") +
    ", f.created_at FROM follows f "
    "JOIN users u ON u.id = f.follower_id "
    "LEFT JOIN follows mine ON mine.follower_id = $2 AND mine.followee_id = f.follower_id "
    "WHERE f.followee_id = $1 AND f.accepted = $6 AND " LENSLET_NOT_SUSPENDED("f.follower_id") " "
    "AND (f.created_at < $3 OR (f.created_at = $3 AND f.follower_id < $4)) "
    "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $2 AND b.blocked_id = f.follower_id) "
    "OR (b.blocker_id = f.follower_id AND b.blocked_id = $2)) "
    "ORDER BY f.created_at DESC, f.follower_id DESC LIMIT $5";

const std::string kFollowing =
    "SELECT " + UserColumns("u") + ", mine.accepted, " + QuietFlagColumns("$2", "u.id") +
    ", f.created_at FROM follows f "
    "JOIN users u ON u.id = f.followee_id "
    "LEFT JOIN follows mine ON mine.follower_id = $2 AND mine.followee_id = f.followee_id "
    "WHERE f.follower_id = $1 AND f.accepted = 1 AND " LENSLET_NOT_SUSPENDED("f.followee_id") " "
    "AND (f.created_at < $3 OR (f.created_at = $3 AND f.followee_id < $4)) "
    "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $2 AND b.blocked_id = f.followee_id) "
    "OR (b.blocker_id = f.followee_id AND b.blocked_id = $2)) "
    "ORDER BY f.created_at DESC, f.followee_id DESC LIMIT $5";

FollowState StateFromAccepted(std::optional<std::int64_t> accepted) {
  if (!accepted) return FollowState::kNone;
  return *accepted != 0 ? FollowState::kFollowing : FollowState::kRequested;
}

// Both counters of a follow, updated in ascending id order so that two units
// touching the same two users (A follows B while B follows A) lock them in
// the same order on PostgreSQL and cannot deadlock.
// Returns the followee's counters after the change.
std::optional<FollowCounts> CountFollow(db::Connection& c, core::UserId follower, core::UserId followee,
                                        std::int64_t delta) {
  const UserProfileStore users;
  if (follower < followee) {
    users.AdjustFollowCounts(c, follower, 0, delta);
    return users.AdjustFollowCounts(c, followee, delta, 0);
  }
  auto counts = users.AdjustFollowCounts(c, followee, delta, 0);
  users.AdjustFollowCounts(c, follower, 0, delta);
  return counts;
}

std::vector<ListedUser> ReadList(const db::Result& result) {
  std::vector<ListedUser> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    ListedUser listed;
    listed.user = ReadUserColumns(row, 0);
    listed.viewer_state = StateFromAccepted(row.OptInt(kUserColumnCount));
    listed.viewer_quiet = ReadQuietFlags(row, kUserColumnCount + 1);
    listed.position = {row.Int(kUserColumnCount + 1 + kQuietFlagColumnCount), listed.user.id};
    out.push_back(std::move(listed));
  }
  return out;
}

// The first page starts after the largest possible position.
UserListPosition StartAfter(const std::optional<UserListPosition>& after) {
  if (after) return *after;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return {kMax, core::UserId(kMax)};
}

}  // namespace

FollowState FollowStore::StateOf(db::Connection& c, core::UserId follower, core::UserId followee) const {
  const auto row = c.Exec(kStateOf, follower, followee).first();
  return row ? StateFromAccepted(row->Int(0)) : FollowState::kNone;
}

FollowChange FollowStore::FollowAsRead(db::Connection& c, core::UserId follower, core::UserId followee,
                                       bool read_private, core::Millis now) const {
  // SQLite runs one write unit at a time: the caller's read of is_private holds.
  if (!read_private || c.dialect() != db::Dialect::kPostgres)
    return Follow(c, follower, followee, read_private, now);
  const auto still_private = c.Exec(kInsertRequestLocked, follower, followee, now).one().OptInt(0);
  if (!still_private) {
    const auto state = StateOf(c, follower, followee);
    return {state, state};
  }
  if (*still_private != 0) return {FollowState::kNone, FollowState::kRequested};
  // Public since the caller read it: a follow, as AcceptAll would have made it.
  c.Exec(kAcceptRequest, follower, followee, now);
  auto counts = CountFollow(c, follower, followee, +1);
  HomeFeedStore().CopyFollowed(c, follower, followee);
  return {FollowState::kNone, FollowState::kFollowing, counts};
}

FollowChange FollowStore::Follow(db::Connection& c, core::UserId follower, core::UserId followee,
                                 bool needs_approval, core::Millis now) const {
  const auto inserted = c.Exec(kInsertFollow, follower, followee, !needs_approval, now).affected > 0;
  if (!inserted) {
    const auto state = StateOf(c, follower, followee);
    return {state, state};
  }
  if (!needs_approval) {
    auto counts = CountFollow(c, follower, followee, +1);
    HomeFeedStore().CopyFollowed(c, follower, followee);
    return {FollowState::kNone, FollowState::kFollowing, counts};
  }
  return {FollowState::kNone, FollowState::kRequested};
}

FollowChange FollowStore::Unfollow(db::Connection& c, core::UserId follower, core::UserId followee) const {
  const auto row = c.Exec(kDeleteFollow, follower, followee).first();
  if (!row) return {};
  const auto before = StateFromAccepted(row->Int(0));
  if (before != FollowState::kFollowing) return {before, FollowState::kNone};
  auto counts = CountFollow(c, follower, followee, -1);
  HomeFeedStore().Forget(c, follower, followee);
  return {before, FollowState::kNone, counts};
}

bool FollowStore::Accept(db::Connection& c, core::UserId follower, core::UserId followee,
                         core::Millis now) const {
  if (c.Exec(kAcceptRequest, follower, followee, now).affected == 0) return false;
  CountFollow(c, follower, followee, +1);
  HomeFeedStore().CopyFollowed(c, follower, followee);
  return true;
}

bool FollowStore::Decline(db::Connection& c, core::UserId follower, core::UserId followee) const {
  return c.Exec(kDeclineRequest, follower, followee).affected > 0;
}

void FollowStore::LockForAcceptAll(db::Connection& c, core::UserId followee) const {
  if (c.dialect() != db::Dialect::kPostgres) return;  // SQLite: one write unit at a time
  c.Exec(kLockForAcceptAll, followee);
}

std::vector<core::UserId> FollowStore::AcceptAll(db::Connection& c, core::UserId followee,
                                                 core::Millis now) const {
  const auto result = c.Exec(kAcceptAll, followee, now);
  std::vector<core::UserId> accepted;
  accepted.reserve(result.rows.size());
  for (const auto& row : result.rows) accepted.emplace_back(row.Int(0));
  if (accepted.empty()) return accepted;
  // Set-based, five statements however many requests (it was three per
  // requester: thousands overran the unit's time bound). The followers are
  // named by id, never as "accepted at `now`", which a follow made in the
  // same millisecond would match too.
  UserProfileStore().AdjustFollowCounts(c, followee, static_cast<std::int64_t>(accepted.size()), 0);
  c.Exec(c.dialect() == db::Dialect::kPostgres ? kCountFollowingPostgres : kCountFollowingSqlite,
         detail::IdSetJson(accepted));
  HomeFeedStore().CopyFollowedBy(c, followee, accepted);
  return accepted;
}

std::vector<ListedUser> FollowStore::Followers(db::Connection& c, core::UserId user, core::UserId viewer,
                                               const std::optional<UserListPosition>& after,
                                               int limit) const {
  const auto start = StartAfter(after);
  return ReadList(c.Exec(kFollowersOrRequests, user, viewer, start.since, start.user, limit, 1));
}

std::vector<ListedUser> FollowStore::Following(db::Connection& c, core::UserId user, core::UserId viewer,
                                               const std::optional<UserListPosition>& after,
                                               int limit) const {
  const auto start = StartAfter(after);
  return ReadList(c.Exec(kFollowing, user, viewer, start.since, start.user, limit));
}

std::vector<ListedUser> FollowStore::Requests(db::Connection& c, core::UserId user,
                                              const std::optional<UserListPosition>& after, int limit) const {
  const auto start = StartAfter(after);
  return ReadList(c.Exec(kFollowersOrRequests, user, user, start.since, start.user, limit, 0));
}

}  // namespace lenslet::store

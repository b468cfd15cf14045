#include "store/home_feed_store.hpp"

#include <algorithm>
#include <string_view>

#include "store/detail/id_set.hpp"
#include "store/feed_fanout_queue.hpp"

namespace lenslet::store {
namespace {

// $1 the post, $2 its author, $3 its created_at. The author's own row, and
// (kFanOut) every accepted follower's whose window reaches back to the post.
#define LENSLET_INSERT_FEED_ROW "INSERT INTO home_feed (owner_id, created_at, post_id, author_id) "
#define LENSLET_AUTHORS_ROW                                                 \
  "SELECT a.id, CAST($3 AS BIGINT), CAST($1 AS BIGINT), a.id FROM users a " \
  "WHERE a.id = $2 AND a.feed_since <= $3"
constexpr std::string_view kFanOut = LENSLET_INSERT_FEED_ROW
    "SELECT f.follower_id, CAST($3 AS BIGINT), CAST($1 AS BIGINT), CAST($2 AS BIGINT) FROM follows f "
    "JOIN users o ON o.id = f.follower_id "
    "WHERE f.followee_id = $2 AND f.accepted = 1 AND o.feed_since <= $3 UNION ALL " LENSLET_AUTHORS_ROW;
// The author's row alone: the followers' are queued (FeedFanOutQueue).
constexpr std::string_view kOwnRow = LENSLET_INSERT_FEED_ROW LENSLET_AUTHORS_ROW;
#undef LENSLET_AUTHORS_ROW
#undef LENSLET_INSERT_FEED_ROW

// $1 the follower, $2 the followee, $3 kFollowCopies. A re-follow finds its
// rows still there (unfollows leave them): nothing to copy twice.
constexpr std::string_view kCopyFollowed =
    "INSERT INTO home_feed (owner_id, created_at, post_id, author_id) "
    "SELECT CAST($1 AS BIGINT), p.created_at, p.id, p.author_id FROM posts p "
    "WHERE p.author_id = $2 AND p.created_at >= (SELECT o.feed_since FROM users o WHERE o.id = $1) "
    "ORDER BY p.created_at DESC, p.id DESC LIMIT $3 "
    "ON CONFLICT DO NOTHING";

// The followee's first post the copy left out, if any ($3 = kFollowCopies):
// everything created after it was copied, so the window starts just above it.
// Never lower than it is: the last condition is checked again on the row as
// it is when the UPDATE takes it (a trim's raise, HomeFeedTrim). Callers hold
// the follower's row already; this is the second line of defence.
constexpr std::string_view kCloseWindow =
    "UPDATE users SET feed_since = left_out.created_at + 1 FROM (SELECT p.created_at FROM posts p "
    "JOIN users o ON o.id = $1 WHERE p.author_id = $2 AND p.created_at >= o.feed_since "
    "ORDER BY p.created_at DESC, p.id DESC LIMIT 1 OFFSET $3) left_out WHERE users.id = $1 "
    "AND users.feed_since <= left_out.created_at";

// kCopyFollowed and kCloseWindow for many followers at once (going public):
// $1 the followee, $2 its new followers (LENSLET_ID_SET), $3 the copies each
// (CopiesEach). A window only ever cuts off a followee's oldest posts, so the
// newest $3 posts within a follower's window are those of the followee's
// newest $3 that lie in it, and the first post a copy leaves out there is
// the followee's ($3+1)-th newest, when it lies in it: one read of the
// followee's posts serves every follower.
#define LENSLET_COPY_FOLLOWED_BY(followers)                                                                 \
  "INSERT INTO home_feed (owner_id, created_at, post_id, author_id) "                                       \
  "SELECT o.id, p.created_at, p.id, p.author_id FROM (SELECT q.created_at, q.id, q.author_id FROM posts q " \
  "WHERE q.author_id = $1 ORDER BY q.created_at DESC, q.id DESC LIMIT $3) p "                               \
  "JOIN users o ON p.created_at >= o.feed_since WHERE o.id IN " followers " ON CONFLICT DO NOTHING"
#define LENSLET_CLOSE_WINDOWS(followers)                                                          \
  "UPDATE users SET feed_since = left_out.created_at + 1 FROM (SELECT p.created_at FROM posts p " \
  "WHERE p.author_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 1 OFFSET $3) left_out "     \
  "WHERE users.id IN " followers " AND users.feed_since <= left_out.created_at"
constexpr std::string_view kCopyFollowedBySqlite = LENSLET_COPY_FOLLOWED_BY(LENSLET_ID_SET_SQLITE("$2"));
constexpr std::string_view kCopyFollowedByPostgres = LENSLET_COPY_FOLLOWED_BY(LENSLET_ID_SET_POSTGRES("$2"));
constexpr std::string_view kCloseWindowsSqlite = LENSLET_CLOSE_WINDOWS(LENSLET_ID_SET_SQLITE("$2"));
constexpr std::string_view kCloseWindowsPostgres = LENSLET_CLOSE_WINDOWS(LENSLET_ID_SET_POSTGRES("$2"));

// By the primary key's owner prefix: the owner's rows, those of one author.
constexpr std::string_view kForget = "DELETE FROM home_feed WHERE owner_id = $1 AND author_id = $2";

// The feeds of owners $1..$2. WHERE true: SQLite needs it to tell the
// upsert from a join's ON.
constexpr std::string_view kFill =
    "INSERT INTO home_feed (owner_id, created_at, post_id, author_id) "
    "SELECT owner_id, created_at, post_id, author_id FROM ("
    "SELECT f.follower_id AS owner_id, p.created_at, p.id AS post_id, p.author_id FROM follows f "
    "JOIN posts p ON p.author_id = f.followee_id JOIN users o ON o.id = f.follower_id "
    "WHERE f.follower_id BETWEEN $1 AND $2 AND f.accepted = 1 AND p.created_at >= o.feed_since "
    "UNION ALL SELECT p.author_id, p.created_at, p.id, p.author_id FROM posts p "
    "JOIN users o ON o.id = p.author_id WHERE p.author_id BETWEEN $1 AND $2 AND p.created_at >= o.feed_since) "
    "rows WHERE true ON CONFLICT DO NOTHING";

}  // namespace

void HomeFeedStore::FanOut(db::Connection& c, core::PostId post, core::UserId author,
                           core::Millis created_at, std::int64_t followers) const {
  if (followers <= FeedFanOutQueue::InlineFollowers()) {
    c.Exec(kFanOut, post, author, created_at);
    return;
  }
  c.Exec(kOwnRow, post, author, created_at);
  FeedFanOutQueue().Enqueue(c, post, author, created_at);
}

void HomeFeedStore::CopyFollowed(db::Connection& c, core::UserId follower, core::UserId followee) const {
  c.Exec(kCopyFollowed, follower, followee, kFollowCopies);
  c.Exec(kCloseWindow, follower, followee, kFollowCopies);
}

std::int64_t HomeFeedStore::CopiesEach(std::size_t followers) {
  if (followers == 0) return kFollowCopies;
  return std::min(kFollowCopies, kCopiesAtOnce / static_cast<std::int64_t>(followers));
}

void HomeFeedStore::CopyFollowedBy(db::Connection& c, core::UserId followee,
                                   std::span<const core::UserId> followers) const {
  if (followers.empty()) return;
  const auto ids = detail::IdSetJson(followers);
  const auto copies = CopiesEach(followers.size());
  const bool pg = c.dialect() == db::Dialect::kPostgres;
  c.Exec(pg ? kCopyFollowedByPostgres : kCopyFollowedBySqlite, followee, ids, copies);
  c.Exec(pg ? kCloseWindowsPostgres : kCloseWindowsSqlite, followee, ids, copies);
}

void HomeFeedStore::Forget(db::Connection& c, core::UserId follower, core::UserId followee) const {
  c.Exec(kForget, follower, followee);
}

void HomeFeedStore::Fill(db::Connection& c, core::UserId first, core::UserId last) const {
  c.Exec(kFill, first, last);
}

}  // namespace lenslet::store

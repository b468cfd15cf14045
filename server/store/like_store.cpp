#include "store/like_store.hpp"

#include <string>

#include "core/error.hpp"
#include "store/post_summaries.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kDelete = "DELETE FROM likes WHERE user_id = $1 AND post_id = $2";
constexpr std::string_view kCount =
    "UPDATE posts SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count";
constexpr std::string_view kRead = "SELECT like_count FROM posts WHERE id = $1";

// PostgreSQL: the like (or unlike) and its count in ONE statement, one round
// trip instead of two. The count's UPDATE runs only when a row was inserted
// (deleted), in the same order as the two statements (likes, then posts);
// the second column is the count as it was, for when nothing changed.
// SQLite takes no data-modifying WITH, and its statements are no round trips.
constexpr std::string_view kLikeCounted =
    "WITH added AS (INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING RETURNING post_id), "
    "counted AS (UPDATE posts SET like_count = like_count + 1 WHERE id IN (SELECT post_id FROM added) "
    "RETURNING like_count) "
    "SELECT (SELECT like_count FROM counted), (SELECT like_count FROM posts WHERE id = $2)";
constexpr std::string_view kUnlikeCounted =
    "WITH removed AS (DELETE FROM likes WHERE user_id = $1 AND post_id = $2 RETURNING post_id), "
    "counted AS (UPDATE posts SET like_count = like_count - 1 WHERE id IN (SELECT post_id FROM removed) "
    "RETURNING like_count) "
    "SELECT (SELECT like_count FROM counted), (SELECT like_count FROM posts WHERE id = $2)";

// LikeIfVisible and UnlikeIfVisible: $1 the user, $2 the post. `gate` is the
// post when it plainly is one the user may see (see like_store.hpp), read in
// the statement's one snapshot like the unit's first statement; every write
// hangs on it, so without it nothing is written and no row comes back.
const std::string kGate =
    "WITH gate AS MATERIALIZED (SELECT p.id, p.author_id, p.like_count FROM posts p JOIN users u ON u.id = "
    "p.author_id WHERE p.id = $2::bigint AND " +
    VisibleAuthorSql("u", "$1::bigint") + "), ";
// The like, then its count, then the notification (kLikeCounted's order,
// then NotificationStore::Upsert's row); the count as it was when nothing
// changed.
const std::string kLikeIfVisible =
    kGate +
    "added AS (INSERT INTO likes (user_id, post_id, created_at) SELECT $1::bigint, g.id, $3::bigint FROM gate g "
    "ON CONFLICT DO NOTHING RETURNING post_id), "
    "counted AS (UPDATE posts SET like_count = like_count + 1 WHERE id IN (SELECT post_id FROM added) "
    "RETURNING like_count), "
    "told AS (INSERT INTO notifications (recipient_id, type, actor_id, post_id, is_read, created_at) "
    "SELECT g.author_id, 'like', $1::bigint, g.id, 0, $3::bigint FROM gate g WHERE g.author_id <> $1::bigint "
    "AND EXISTS (SELECT 1 FROM added) ON CONFLICT DO NOTHING "
    "RETURNING id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at, audit_id) "
    // The push's columns first (NULL when nothing to tell), then the like's.
    "SELECT pushed.*, g.author_id, (SELECT like_count FROM counted), g.like_count, (SELECT id FROM told) "
    "FROM gate g LEFT JOIN (" +
    PushOfInsertedSql("told", "(SELECT author_id FROM gate)") + ") pushed ON true";
// NotificationStore::Remove's probe (coalesce as in the unique index).
const std::string kUnlikeIfVisible =
    kGate +
    "removed AS (DELETE FROM likes l USING gate g WHERE l.user_id = $1::bigint AND l.post_id = g.id "
    "RETURNING l.post_id), "
    "counted AS (UPDATE posts SET like_count = like_count - 1 WHERE id IN (SELECT post_id FROM removed) "
    "RETURNING like_count), "
    "untold AS (DELETE FROM notifications t USING gate g WHERE EXISTS (SELECT 1 FROM removed) "
    "AND t.recipient_id = g.author_id AND t.type = 'like' AND t.actor_id = $1::bigint "
    "AND coalesce(t.post_id, 0) = $2::bigint AND coalesce(t.comment_id, 0) = 0) "
    "SELECT 0, (SELECT like_count FROM counted), g.like_count FROM gate g";

void RequirePostgres(const db::Connection& c) {
  if (c.dialect() != db::Dialect::kPostgres) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "like store: the one-statement like is for PostgreSQL");
  }
}

// The change from columns `first` (the count when changed, else NULL) and
// `first` + 1 (the count as it was).
LikeChange ReadChange(const db::Row& row, std::size_t first = 0) {
  if (const auto counted = row.OptInt(first)) return {true, *counted};
  return {false, row.OptInt(first + 1).value_or(0)};
}

std::int64_t ReadCount(db::Connection& c, core::PostId post) {
  const auto row = c.Exec(kRead, post).first();
  return row ? row->Int(0) : 0;
}

}  // namespace

LikeChange LikeStore::Like(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const {
  if (c.dialect() == db::Dialect::kPostgres) return ReadChange(c.Exec(kLikeCounted, user, post, now).one());
  if (c.Exec(kInsert, user, post, now).affected == 0) return {false, ReadCount(c, post)};
  return {true, c.Exec(kCount, post, 1).one().Int(0)};
}

LikeChange LikeStore::Unlike(db::Connection& c, core::UserId user, core::PostId post) const {
  if (c.dialect() == db::Dialect::kPostgres) return ReadChange(c.Exec(kUnlikeCounted, user, post).one());
  if (c.Exec(kDelete, user, post).affected == 0) return {false, ReadCount(c, post)};
  return {true, c.Exec(kCount, post, -1).one().Int(0)};
}

std::optional<LikeWritten> LikeStore::LikeIfVisible(db::Connection& c, core::UserId user, core::PostId post,
                                                     core::Millis now) const {
  RequirePostgres(c);
  const auto row = c.Exec(kLikeIfVisible, user, post, now).first();
  if (!row) return std::nullopt;
  constexpr auto at = kPushColumnCount;
  LikeWritten out{.change = ReadChange(*row, at + 1), .author = core::UserId(row->Int(at))};
  if (const auto id = row->OptInt(at + 3)) out.notification = core::NotificationId(*id);
  out.pushed = ReadPushRow(*row);
  return out;
}

std::optional<LikeChange> LikeStore::UnlikeIfVisible(db::Connection& c, core::UserId user,
                                                     core::PostId post) const {
  RequirePostgres(c);
  const auto row = c.Exec(kUnlikeIfVisible, user, post).first();
  if (!row) return std::nullopt;
  return ReadChange(*row, 1);
}

}  // namespace lenslet::store

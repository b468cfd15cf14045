#include "store/like_store.hpp"

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

LikeChange ReadChange(const db::Row& row) {
  if (const auto counted = row.OptInt(0)) return {true, *counted};
  return {false, row.OptInt(1).value_or(0)};
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

}  // namespace lenslet::store

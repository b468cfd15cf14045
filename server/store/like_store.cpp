#include "store/like_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kDelete = "DELETE FROM likes WHERE user_id = $1 AND post_id = $2";
constexpr std::string_view kCount =
    "UPDATE posts SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count";
constexpr std::string_view kRead = "SELECT like_count FROM posts WHERE id = $1";

std::int64_t ReadCount(db::Connection& c, core::PostId post) {
  const auto row = c.Exec(kRead, post).first();
  return row ? row->Int(0) : 0;
}

}  // namespace

LikeChange LikeStore::Like(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const {
  if (c.Exec(kInsert, user, post, now).affected == 0) return {false, ReadCount(c, post)};
  return {true, c.Exec(kCount, post, 1).one().Int(0)};
}

LikeChange LikeStore::Unlike(db::Connection& c, core::UserId user, core::PostId post) const {
  if (c.Exec(kDelete, user, post).affected == 0) return {false, ReadCount(c, post)};
  return {true, c.Exec(kCount, post, -1).one().Int(0)};
}

}  // namespace lenslet::store

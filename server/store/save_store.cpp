#include "store/save_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO saves (user_id, post_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kDelete = "DELETE FROM saves WHERE user_id = $1 AND post_id = $2";

}  // namespace

bool SaveStore::Save(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const {
  return c.Exec(kInsert, user, post, now).affected > 0;
}

bool SaveStore::Unsave(db::Connection& c, core::UserId user, core::PostId post) const {
  return c.Exec(kDelete, user, post).affected > 0;
}

}  // namespace lenslet::store

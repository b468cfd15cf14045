#pragma once
// Likes, with posts.like_count kept exact in the same unit: the count moves
// only when a row was really inserted or deleted, so concurrent and repeated
// likes of the same post by the same user count once.
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

struct LikeChange {
  bool changed = false;
  std::int64_t like_count = 0;  // after the change
};

class LikeStore {
 public:
  LikeChange Like(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const;
  LikeChange Unlike(db::Connection& c, core::UserId user, core::PostId post) const;
};

}  // namespace lenslet::store

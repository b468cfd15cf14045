#pragma once
// Likes, with posts.like_count kept exact in the same unit: the count moves
// only when a row was really inserted or deleted, so concurrent and repeated
// likes of the same post by the same user count once.
#include <cstdint>
#include <optional>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/notification_push_store.hpp"

namespace lenslet::store {

struct LikeChange {
  bool changed = false;
  std::int64_t like_count = 0;  // after the change
};

// What LikeIfVisible wrote.
struct LikeWritten {
  LikeChange change;
  core::UserId author;
  std::optional<core::NotificationId> notification;  // the author's new "like"
  // That notification as the live push shows it (store::FindForPush's row),
  // read in the same statement; nullopt when the author's list leaves it out.
  std::optional<PushRow> pushed;
};

class LikeStore {
 public:
  LikeChange Like(db::Connection& c, core::UserId user, core::PostId post, core::Millis now) const;
  LikeChange Unlike(db::Connection& c, core::UserId user, core::PostId post) const;

  // PostgreSQL only, each ONE statement for db::WriteStatementNow (issue
  // 16.3: one round trip where a write unit of the same work and the push's
  // read unit cost nine): the like (the unlike), its count, and the author's
  // "like" notification (NotificationStore::Upsert's row; Remove's) with what
  // its live push shows, all written only when the
  // post plainly is one `user` may see — their own, or by an author neither
  // hidden (suspended, deactivated) nor in a block relation with them, and
  // public or followed by them (accepted), the cases where
  // api/users/visibility.cpp ProfileOf and CanSeeContent say yes without
  // asking more. nullopt otherwise, with nothing written: the caller runs its
  // full unit, which decides every case (a moderator, 404, an unlike of a post
  // gone invisible) as before.
  std::optional<LikeWritten> LikeIfVisible(db::Connection& c, core::UserId user, core::PostId post,
                                           core::Millis now) const;
  std::optional<LikeChange> UnlikeIfVisible(db::Connection& c, core::UserId user, core::PostId post) const;
};

}  // namespace lenslet::store

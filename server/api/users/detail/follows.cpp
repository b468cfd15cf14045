#include "api/users/detail/follows.hpp"

#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users::detail {

FollowOutcome StoreFollow(db::Connection& c, core::UserId me, std::string_view username, core::Millis now) {
  FollowOutcome out;
  const auto target = LoadProfile(c, me, username);
  if (target.user.id == me) core::ThrowInvalid("username", "You cannot follow yourself");
  const auto change = store::FollowStore().Follow(c, me, target.user.id, target.user.is_private, now);
  if (change.changed()) {
    const auto type = change.after == store::FollowState::kFollowing ? store::NotificationType::kFollow
                                                                     : store::NotificationType::kFollowRequest;
    notifications::Collect(
        out.notified, target.user.id,
        store::NotificationStore().Upsert(c, {.recipient = target.user.id, .type = type, .actor = me, .now = now}));
  }
  // Read again: the counters just changed.
  const auto user = store::UserStore().FindById(c, target.user.id);
  out.user = views::PublicUser(*user, RelationshipOf(me, target.user.id, change.after, *target.viewer_quiet));
  return out;
}

boost::json::object RemoveFollow(db::Connection& c, core::UserId me, std::string_view username) {
  const auto target = LoadProfile(c, me, username);
  if (target.user.id == me) core::ThrowInvalid("username", "You cannot unfollow yourself");
  const auto change = store::FollowStore().Unfollow(c, me, target.user.id);
  if (change.before != store::FollowState::kNone) {
    const auto type = change.before == store::FollowState::kFollowing ? store::NotificationType::kFollow
                                                                      : store::NotificationType::kFollowRequest;
    store::NotificationStore().Remove(c, target.user.id, type, me);
  }
  const auto user = store::UserStore().FindById(c, target.user.id);
  return views::PublicUser(*user,
                           RelationshipOf(me, target.user.id, store::FollowState::kNone, *target.viewer_quiet));
}

}  // namespace lenslet::api::users::detail

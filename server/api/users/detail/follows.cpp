#include "api/users/detail/follows.hpp"

#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/plain_follow.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users::detail {

namespace {

// The followee as the answer shows them: the row the unit read first, with
// the counters the change's own UPDATE returned. When the unit's write found
// the row already changed by a concurrent request of the same caller, the row
// is read again (the first read predates that change).
store::PublicUserRow Shown(db::Connection& c, const Profile& target, const store::FollowChange& change,
                           bool raced) {
  if (raced) return *store::UserDirectoryStore().FindById(c, target.user.id);
  auto shown = target.user;
  if (change.followee_counts) {
    shown.follower_count = change.followee_counts->followers;
    shown.following_count = change.followee_counts->following;
  }
  return shown;
}

}  // namespace

FollowOutcome StoreFollow(db::Connection& c, core::UserId me, std::string_view username, core::Millis now) {
  FollowOutcome out;
  const auto target = LoadProfile(c, me, username);
  if (target.user.id == me) core::ThrowInvalid("username", "You cannot follow yourself");
  // A follow or request already there stays as it is (idempotent): nothing to write.
  store::FollowChange change{target.viewer_state, target.viewer_state};
  bool raced = false;
  if (target.viewer_state == store::FollowState::kNone) {
    change = store::FollowStore().FollowAsRead(c, me, target.user.id, target.user.is_private, now);
    raced = !change.changed();
    // Nothing inserted and nothing there: a block committed since LoadProfile
    // read (migration 0025 refused the row). Answered as a follow after the
    // block: read again, its statement's snapshot sees it (404).
    if (change.after == store::FollowState::kNone) LoadProfile(c, me, username);
    // A request that became a follow (the account went public meanwhile):
    // the row read first still says private.
    if (change.after == store::FollowState::kFollowing && target.user.is_private) raced = true;
  }
  if (change.changed()) {
    const auto type = change.after == store::FollowState::kFollowing
                          ? store::NotificationType::kFollow
                          : store::NotificationType::kFollowRequest;
    notifications::Collect(out.notified, target.user.id,
                           store::NotificationStore().Upsert(
                               c, {.recipient = target.user.id, .type = type, .actor = me, .now = now}));
  }
  out.user = views::PublicUser(Shown(c, target, change, raced),
                               RelationshipOf(me, target.user.id, change.after, *target.viewer_quiet));
  return out;
}

FollowOutcome FollowNow(db::Database& db, core::UserId me, std::string_view username, core::Millis now) {
  if (db.dialect() == db::Dialect::kPostgres) {
    auto written = db::WriteStatementNow(
        db, [&](db::Connection& c) { return store::FollowIfPlain(c, me, username, now); });
    if (written) {
      const auto& followee = written->followee;
      FollowOutcome out{.user = views::PublicUser(
                            followee.user,
                            RelationshipOf(me, followee.user.id, followee.seen.follow, followee.seen.quiet))};
      // A follow's notification shows no post: its targets are none. No
      // pushed row: the followee's list leaves it out.
      notifications::RenderWrittenPush(db, followee.user.id, written->notification, written->pushed,
                                       views::NotificationTargets{}, out.notified, out.rendered);
      return out;
    }
  }
  auto out = db.WriteNow([&](db::Connection& c) { return StoreFollow(c, me, username, now); });
  notifications::RenderAfterWrite(db, out.notified, out.rendered);
  return out;
}

boost::json::object RemoveFollow(db::Connection& c, core::UserId me, std::string_view username) {
  const auto target = LoadProfile(c, me, username);
  if (target.user.id == me) core::ThrowInvalid("username", "You cannot unfollow yourself");
  // Nothing to remove: nothing to write.
  store::FollowChange change;
  bool raced = false;
  if (target.viewer_state != store::FollowState::kNone) {
    change = store::FollowStore().Unfollow(c, me, target.user.id);
    raced = !change.changed();
  }
  if (change.before != store::FollowState::kNone) {
    const auto type = change.before == store::FollowState::kFollowing
                          ? store::NotificationType::kFollow
                          : store::NotificationType::kFollowRequest;
    store::NotificationStore().Remove(c, target.user.id, type, me);
  }
  return views::PublicUser(
      Shown(c, target, change, raced),
      RelationshipOf(me, target.user.id, store::FollowState::kNone, *target.viewer_quiet));
}

core::UserId StoreBlock(db::Connection& c, core::UserId me, std::string_view username, core::Millis now) {
  // Not LoadProfile: that answers 404 once either side blocked, and one may
  // block someone who blocked them first.
  const auto target = store::UserStore().FindByUsername(c, username);
  if (!target) core::ThrowNotFound("No such user");
  if (target->id == me) core::ThrowInvalid("username", "You cannot block yourself");
  // WARNING: first of the writes. Its trigger waits for every follow and
  // notification between the two in flight; the deletes below, each with a
  // snapshot of its own, then see what they wrote.
  store::BlockStore().Block(c, me, target->id, now);
  const store::FollowStore follows;
  follows.Unfollow(c, me, target->id);
  follows.Unfollow(c, target->id, me);
  store::NotificationStore().RemoveBetween(c, me, target->id);
  return target->id;
}

}  // namespace lenslet::api::users::detail

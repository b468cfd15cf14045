// POST /api/v1/users/{username}/follow → 200 {user}: the followed user as the
// caller now sees them. A public account is followed at once (notification
// "follow"); a private one gets a pending request (requestedByMe, notification
// "follow_request"). Idempotent. Yourself → 422; unknown or blocked → 404.
#include "api/detail/write_limits.hpp"
#include "api/notifications/push.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Follow(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "follows");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  std::vector<notifications::Created> notified;
  const auto shown = co_await services.db.Write([&](db::Connection& c) {
    notified.clear();
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot follow yourself");
    const auto change = store::FollowStore().Follow(c, me, target.user.id, target.user.is_private, now);
    if (change.changed()) {
      const auto type = change.after == store::FollowState::kFollowing
                            ? store::NotificationType::kFollow
                            : store::NotificationType::kFollowRequest;
      notifications::Collect(notified, target.user.id,
                             store::NotificationStore().Upsert(
                                 c, {.recipient = target.user.id, .type = type, .actor = me, .now = now}));
    }
    // Read again: the counters just changed.
    const auto user = store::UserStore().FindById(c, target.user.id);
    return views::PublicUser(*user, RelationshipOf(me, target.user.id, change.after, *target.viewer_quiet));
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(200, {{"user", shown}});
}

}  // namespace lenslet::api::users

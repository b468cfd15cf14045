// DELETE /api/v1/users/{username}/follow → 200 {user}: unfollows, or cancels a
// pending request, and removes the notification it made (so follow → unfollow
// → follow never stacks notifications). Idempotent. Unknown or blocked → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unfollow(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "follows");
  const std::string& username = request.Param("username");
  const auto shown = co_await services.db.Write([&](db::Connection& c) {
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot unfollow yourself");
    const auto change = store::FollowStore().Unfollow(c, me, target.user.id);
    if (change.before != store::FollowState::kNone) {
      const auto type = change.before == store::FollowState::kFollowing
                            ? store::NotificationType::kFollow
                            : store::NotificationType::kFollowRequest;
      store::NotificationStore().Remove(c, target.user.id, type, me);
    }
    const auto user = store::UserStore().FindById(c, target.user.id);
    return views::PublicUser(
        *user, RelationshipOf(me, target.user.id, store::FollowState::kNone, *target.viewer_quiet));
  });
  co_return http::Response::Json(200, {{"user", shown}});
}

}  // namespace lenslet::api::users

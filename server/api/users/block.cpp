// POST /api/v1/users/{username}/block → 204. Removes follows and pending
// requests both ways (counters included) and the notifications between the
// two, in the same unit. Idempotent; works even when the other user already
// blocked the caller. Yourself → 422; unknown → 404.
#include "api/detail/write_limits.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/users.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Block(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "blocks");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  const auto target_id = co_await services.db.Write([&](db::Connection& c) {
    // Not LoadProfile: that answers 404 once either side blocked, and one may
    // block someone who blocked them first.
    const auto target = store::UserStore().FindByUsername(c, username);
    if (!target) core::ThrowNotFound("No such user");
    if (target->id == me) core::ThrowInvalid("username", "You cannot block yourself");
    store::BlockStore().Block(c, me, target->id, now);
    const store::FollowStore follows;
    follows.Unfollow(c, me, target->id);
    follows.Unfollow(c, target->id, me);
    store::NotificationStore().RemoveBetween(c, me, target->id);
    return target->id;
  });
  // Neither may see the other's presence any more: open screens hear it now.
  co_await live::RetellPresence(services, me, std::vector<core::UserId>(1, target_id));
  co_await live::RetellPresence(services, target_id, std::vector<core::UserId>(1, me));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

// DELETE /api/v1/users/{username}/block → 204. Idempotent; the follows the
// block removed are not restored. Yourself → 422; unknown → 404. Then the
// two's unread counts in conversations they share count what is visible again.
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/write_limits.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/users.hpp"
#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unblock(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "blocks");
  const std::string& username = request.Param("username");
  const auto target_id = co_await services.db.Write([&](db::Connection& c) {
    const auto target = store::UserStore().FindByUsername(c, username);
    if (!target) core::ThrowNotFound("No such user");
    if (target->id == me) core::ThrowInvalid("username", "You cannot unblock yourself");
    store::BlockStore().Unblock(c, me, target->id);
    return target->id;
  });
  // What each may see of the other's messages changed: so did what is unread.
  co_await conversations::detail::RecountUnreadBetween(services, me, target_id);
  // Where they share a conversation (and no other block stands), each may see
  // the other online again.
  co_await live::RetellPresence(services, me, std::vector<core::UserId>(1, target_id));
  co_await live::RetellPresence(services, target_id, std::vector<core::UserId>(1, me));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

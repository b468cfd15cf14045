// POST /api/v1/users/{username}/block → 204. Removes follows and pending
// requests both ways (counters included) and the notifications between the
// two, in the same unit. Idempotent; works even when the other user already
// blocked the caller. Yourself → 422; unknown → 404. Then, each in a unit
// of its own, the two's unread counts in conversations they share leave out
// what neither may see now.
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/write_limits.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/detail/follows.hpp"
#include "api/users/users.hpp"
#include "core/time.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Block(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "blocks");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  const auto target_id =
      co_await services.db.Write([&](db::Connection& c) { return detail::StoreBlock(c, me, username, now); });
  // What each may see of the other's messages changed: so did what is unread.
  co_await conversations::detail::RecountUnreadBetween(services, me, target_id);
  // Neither may see the other's presence any more: open screens hear it now.
  co_await live::RetellPresence(services, me, std::vector<core::UserId>(1, target_id));
  co_await live::RetellPresence(services, target_id, std::vector<core::UserId>(1, me));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

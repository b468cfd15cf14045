// DELETE /api/v1/users/{username}/restrict → 204. Idempotent. Comments they
// wrote while restricted stay visible only to the two of them (a restricted
// comment is marked when written). Yourself → 422; unknown or blocked either
// way → 404.
#include "api/detail/write_limits.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unrestrict(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "restricts");
  const std::string& username = request.Param("username");
  const auto target_id = co_await services.db.Write([&](db::Connection& c) {
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot unrestrict yourself");
    store::RestrictStore().Unrestrict(c, me, target.user.id);
    return target.user.id;
  });
  // They may see the caller online again, where the two share a conversation.
  co_await live::RetellPresence(services, me, std::vector<core::UserId>(1, target_id));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

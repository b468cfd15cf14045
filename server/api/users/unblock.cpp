// DELETE /api/v1/users/{username}/block → 204. Idempotent; the follows the
// block removed are not restored. Yourself → 422; unknown → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/users.hpp"
#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unblock(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "blocks");
  const std::string& username = request.Param("username");
  co_await services.db.Write([&](db::Connection& c) {
    const auto target = store::UserStore().FindByUsername(c, username);
    if (!target) core::ThrowNotFound("No such user");
    if (target->id == me) core::ThrowInvalid("username", "You cannot unblock yourself");
    store::BlockStore().Unblock(c, me, target->id);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

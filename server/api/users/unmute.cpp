// DELETE /api/v1/users/{username}/mute → 204. Idempotent. Notifications of
// theirs that arrived while muted show again (mute hides them, it does not
// delete them). Yourself → 422; unknown or blocked either way → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unmute(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "mutes");
  const std::string& username = request.Param("username");
  co_await services.db.Write([&](db::Connection& c) {
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot unmute yourself");
    store::MuteStore().Unmute(c, me, target.user.id);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

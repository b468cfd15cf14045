// POST /api/v1/users/{username}/mute → 204. Their posts leave the caller's
// home feed and their activity the caller's notifications (the list, the live
// push and the unread count); they are not told, and nothing else changes
// (follows stay). Idempotent. Yourself → 422; unknown or blocked either way → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Mute(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "mutes");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  co_await services.db.Write([&](db::Connection& c) {
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot mute yourself");
    store::MuteStore().Mute(c, me, target.user.id, now);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

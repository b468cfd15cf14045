// POST /api/v1/users/{username}/restrict → 204. The comments they write on
// the caller's posts from now on are visible only to them and the caller, and
// notify nobody; their messages arrive as requests and they get none of the
// caller's presence, typing or read markers. They are not told. Idempotent.
// Yourself → 422; unknown or blocked either way → 404.
#include "api/detail/write_limits.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Restrict(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "restricts");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  const auto target_id = co_await services.db.Write([&](db::Connection& c) {
    const auto target = LoadProfile(c, me, username);
    if (target.user.id == me) core::ThrowInvalid("username", "You cannot restrict yourself");
    store::RestrictStore().Restrict(c, me, target.user.id, now);
    return target.user.id;
  });
  // Their open screens stop showing the caller online (as their REST views do).
  co_await live::RetellPresence(services, me, std::vector<core::UserId>(1, target_id));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

// POST /api/v1/users/{username}/follow → 200 {user}: the followed user as the
// caller now sees them. A public account is followed at once (notification
// "follow"); a private one gets a pending request (requestedByMe, notification
// "follow_request"). Idempotent. Yourself → 422; unknown or blocked → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/detail/follows.hpp"
#include "api/users/users.hpp"
#include "core/time.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Follow(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "follows");
  const std::string& username = request.Param("username");
  const auto now = core::NowMillis();
  auto outcome = co_await db::RunOnPool(services.db, true,
                                        [&] { return detail::FollowNow(services.db, me, username, now); });
  notifications::EmitRendered(services, std::move(outcome.rendered));
  co_await notifications::Push(services, std::move(outcome.notified));
  co_return http::Response::Json(200, {{"user", std::move(outcome.user)}});
}

}  // namespace lenslet::api::users

// DELETE /api/v1/users/{username}/follow → 200 {user}: unfollows, or cancels a
// pending request, and removes the notification it made (so follow → unfollow
// → follow never stacks notifications). Idempotent. Unknown or blocked → 404.
#include "api/detail/write_limits.hpp"
#include "api/users/detail/follows.hpp"
#include "api/users/users.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Unfollow(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "follows");
  const std::string& username = request.Param("username");
  auto shown = co_await services.db.Write(
      [&](db::Connection& c) { return detail::RemoveFollow(c, me, username); });
  co_return http::Response::Json(200, {{"user", std::move(shown)}});
}

}  // namespace lenslet::api::users

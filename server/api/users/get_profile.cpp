// GET /api/v1/users/{username} → 200 {user} with followedByMe/requestedByMe for
// the caller (signed in or not); 404 for unknown users and blocks either way.
#include "api/users/detail/viewer.hpp"
#include "api/users/users.hpp"
#include "api/users/visibility.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> GetProfile(Services& services, http::Request& request) {
  const auto viewer = detail::ViewerOf(request);
  const std::string& username = request.Param("username");
  const auto profile =
      co_await db::RunOnPool(services.db, false, [&] { return LoadProfileNow(services.db, viewer, username); });
  co_return http::Response::Json(200, {{"user", views::PublicUser(profile.user, profile.relationship())}});
}

}  // namespace lenslet::api::users

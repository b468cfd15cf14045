// GET /api/v1/users/me/restricted → paginated users the caller restricted,
// newest first (this server's addition to API.md, for Settings).
#include "api/detail/pagination.hpp"
#include "api/users/detail/user_lists.hpp"
#include "api/users/users.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> RestrictedUsers(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, detail::kUserListCursorFields);
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::RestrictedUsersPage(c, me, page);
  }));
}

}  // namespace lenslet::api::users

// GET /api/v1/users/me/muted → paginated users the caller muted, newest mute
// first (users blocked either way are left out while the block lasts).
#include "api/detail/pagination.hpp"
#include "api/users/detail/user_lists.hpp"
#include "api/users/users.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> MutedUsers(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, detail::kUserListCursorFields);
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::MutedUsersPage(c, me, page);
  }));
}

}  // namespace lenslet::api::users

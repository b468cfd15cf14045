// GET /api/v1/follow-requests → paginated users who asked to follow the
// caller, newest first.
#include "api/detail/pagination.hpp"
#include "api/users/detail/user_lists.hpp"
#include "api/users/users.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> FollowRequests(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, detail::kUserListCursorFields);
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::FollowRequestsPage(c, me, page);
  }));
}

}  // namespace lenslet::api::users

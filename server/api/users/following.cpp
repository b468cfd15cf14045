// GET /api/v1/users/{username}/following → paginated public users, newest
// first, with followedByMe/requestedByMe for the caller (read by the page's
// one statement). 404 for unknown and blocked users, and for a private
// account to anyone but its owner and approved followers.
#include "api/detail/pagination.hpp"
#include "api/users/detail/user_lists.hpp"
#include "api/users/detail/viewer.hpp"
#include "api/users/users.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> Following(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kUserListCursorFields);
  const auto viewer = detail::ViewerOf(request);
  const std::string& username = request.Param("username");
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::UserListPage(c, viewer, username, detail::UserList::kFollowing, page);
  }));
}

}  // namespace lenslet::api::users

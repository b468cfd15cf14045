// GET /api/v1/users/{username}/posts → that user's posts, newest first. 404
// for unknown and blocked-either-way users, and for a private account to
// anyone but its owner and approved followers.
#include "api/feed/detail/post_pages.hpp"
#include "api/feed/feed.hpp"
#include "api/users/detail/viewer.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> UserPosts(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kDatedCursorFields);
  const auto viewer = users::detail::ViewerOf(request);
  const std::string& username = request.Param("username");
  co_return http::Response::SerializedJson(200, co_await db::RunOnPool(services.db, false, [&] {
                                             return detail::UserPostsPageNow(services.db, viewer, username,
                                                                             page);
                                           }));
}

}  // namespace lenslet::api::feed

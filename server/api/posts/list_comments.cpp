// GET /api/v1/posts/{id}/comments → paginated comments, OLDEST first (API.md
// "Lists"), cursor {comment id}. Left out: comments by users blocked either
// way with the caller, restricted comments unless the caller wrote them or
// the post, and for the post's author the comments holding one of their
// hidden words (api/users/visibility.hpp). 404 for posts the caller cannot see.
#include "api/detail/pagination.hpp"
#include "api/posts/detail/comment_page.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "api/users/detail/viewer.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> ListComments(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, 1);
  const auto viewer = users::detail::ViewerOf(request);
  const auto id = detail::PostIdParam(request.Param("id"));
  co_return http::Response::Json(
      200, co_await db::RunOnPool(services.db, false, [&] { return detail::CommentPageNow(services.db, viewer, id, page); }));
}

}  // namespace lenslet::api::posts

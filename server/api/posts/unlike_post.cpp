// DELETE /api/v1/posts/{id}/like → 200 {liked: false, likeCount}. Idempotent;
// removes the author's "like" notification. A like is its author's to remove
// even after the post's author blocked them or turned private (issue 12.4):
// then the answer is 204 with no body — the like is gone, and the post's count
// is not theirs to see. A post the caller cannot see and holds no like on is
// 404, exactly like one that does not exist.
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/engagement.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> UnlikePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "likes");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto outcome = co_await db::RunOnPool(services.db, true, [&] { return detail::UnlikeNow(services.db, me, id); });
  if (!outcome.visible) co_return http::Response::NoContent();
  co_return http::Response::Json(200, {{"liked", false}, {"likeCount", outcome.change.like_count}});
}

}  // namespace lenslet::api::posts

// DELETE /api/v1/comments/{id} → 204, by the comment's author or the post's
// author. Others: 404 when they cannot see the post, else 403. The comment's
// notifications go with it; posts.comment_count moves in the same unit.
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "core/error.hpp"
#include "store/comment_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> DeleteComment(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = core::CommentId::Parse(request.Param("id"));
  if (!id) core::ThrowNotFound("No such comment");
  co_await services.db.Write([&](db::Connection& c) {
    const store::CommentStore comments;
    const auto comment = comments.FindHeader(c, *id);
    if (!comment) core::ThrowNotFound("No such comment");
    const auto visible = detail::LoadVisiblePost(c, me, comment->post);
    if (comment->author != me && visible.post.author != me) {
      throw core::Error(core::ErrorCode::kForbidden, "Only its author or the post's author can delete a comment");
    }
    comments.Delete(c, *id);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::posts

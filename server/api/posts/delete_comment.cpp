// DELETE /api/v1/comments/{id} → 204, by the comment's author or the post's
// author. The comment's author may always delete it, also once the post's
// author blocked them or turned private (issue 12.4: what you wrote stays
// yours to take back). Anyone else: 404 "No such comment" when they cannot see
// the post — the same answer as for an id that names nothing — else 403. The
// comment's notifications go with it; posts.comment_count moves in the same unit.
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
    if (comment->author != me) {
      std::optional<detail::VisiblePost> visible;
      try {
        visible = detail::LoadVisiblePost(c, me, comment->post);
      } catch (const core::Error& e) {
        // "No such post" would tell a stranger that this comment exists.
        if (e.code() == core::ErrorCode::kNotFound) core::ThrowNotFound("No such comment");
        throw;
      }
      if (visible->post.author != me) {
        throw core::Error(core::ErrorCode::kForbidden, "Only its author or the post's author can delete a comment");
      }
    }
    comments.Delete(c, *id);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::posts

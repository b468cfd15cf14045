// DELETE /api/v1/posts/{id} → 204, by its author only: another user gets 404
// when they cannot see the post, 403 when they can. Likes, comments, saves,
// hashtags and notifications of the post go with it, counters are uncounted,
// and the media files nobody else uses are deleted once the unit commits.
#include "api/media/stored_media.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "core/error.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> DeletePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::PostIdParam(request.Param("id"));
  auto released = co_await services.db.Write([&](db::Connection& c) {
    const auto visible = detail::LoadVisiblePost(c, me, id);
    if (visible.post.author != me) {
      throw core::Error(core::ErrorCode::kForbidden, "Only its author can delete a post");
    }
    auto keys = store::PostStore().Delete(c, id);
    if (!keys) core::ThrowNotFound("No such post");
    return std::move(*keys);
  });
  co_await media_files::DeleteUnreferenced(services, std::move(released));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::posts

// GET /api/v1/posts/{id} → 200 {post} as the caller sees it (likedByMe,
// savedByMe). 404 for unknown posts, blocked either way, and private authors
// the caller does not follow (approved).
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "api/users/detail/viewer.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> GetPost(Services& services, http::Request& request) {
  const auto viewer = users::detail::ViewerOf(request);
  const auto id = detail::PostIdParam(request.Param("id"));
  auto shown = co_await services.db.Read([&](db::Connection& c) {
    detail::LoadVisiblePost(c, viewer, id);
    const auto post = store::PostStore().Load(c, id, viewer.value_or(core::UserId()));
    if (!post) core::ThrowNotFound("No such post");
    return views::Post(*post);
  });
  co_return http::Response::Json(200, {{"post", std::move(shown)}});
}

}  // namespace lenslet::api::posts

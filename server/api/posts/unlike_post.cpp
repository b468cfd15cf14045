// DELETE /api/v1/posts/{id}/like → 200 {liked: false, likeCount}. Idempotent;
// removes the author's "like" notification.
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "store/like_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> UnlikePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  api::detail::RequireWithinWriteLimit(services.action_limiter, me, "likes");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto change = co_await services.db.Write([&](db::Connection& c) {
    const auto visible = detail::LoadVisiblePost(c, me, id);
    const auto change = store::LikeStore().Unlike(c, me, id);
    if (change.changed) {
      store::NotificationStore().Remove(c, visible.post.author, store::NotificationType::kLike, me, id);
    }
    return change;
  });
  co_return http::Response::Json(200, {{"liked", false}, {"likeCount", change.like_count}});
}

}  // namespace lenslet::api::posts

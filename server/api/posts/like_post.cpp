// POST /api/v1/posts/{id}/like → 200 {liked: true, likeCount}. Idempotent and
// exact under concurrency: the count moves only when this request inserted the
// like (store/like_store.hpp). The author gets a "like" notification (not for
// their own post); unlike removes it, so like → unlike → like never stacks.
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/notifications/push.hpp"
#include "api/posts/posts.hpp"
#include "core/time.hpp"
#include "store/like_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> LikePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "likes");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto now = core::NowMillis();
  std::vector<notifications::Created> notified;
  const auto change = co_await services.db.Write([&](db::Connection& c) {
    notified.clear();
    const auto visible = detail::LoadVisiblePost(c, me, id);
    const auto change = store::LikeStore().Like(c, me, id, now);
    if (change.changed) {
      notifications::Collect(notified, visible.post.author,
                             store::NotificationStore().Upsert(c, {.recipient = visible.post.author,
                                                                   .type = store::NotificationType::kLike,
                                                                   .actor = me,
                                                                   .post = id,
                                                                   .now = now}));
    }
    return change;
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(200, {{"liked", true}, {"likeCount", change.like_count}});
}

}  // namespace lenslet::api::posts

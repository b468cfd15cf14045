// POST /api/v1/posts/{id}/like → 200 {liked: true, likeCount}. Idempotent and
// exact under concurrency: the count moves only when this request inserted the
// like (store/like_store.hpp). The author gets a "like" notification (not for
// their own post); unlike removes it, so like → unlike → like never stacks.
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/engagement.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "core/time.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> LikePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "likes");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto now = core::NowMillis();
  auto outcome = co_await db::RunOnPool(services.db, true, [&] { return detail::LikeNow(services.db, me, id, now); });
  notifications::EmitRendered(services, std::move(outcome.rendered));
  co_await notifications::Push(services, std::move(outcome.notified));
  co_return http::Response::Json(200, {{"liked", true}, {"likeCount", outcome.change.like_count}});
}

}  // namespace lenslet::api::posts

// DELETE /api/v1/posts/{id}/save → 200 {saved: false}. Idempotent; 404 for
// posts the caller cannot see (any more).
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "store/save_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> UnsavePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "saves");
  const auto id = detail::PostIdParam(request.Param("id"));
  co_await services.db.Write([&](db::Connection& c) {
    detail::LoadVisiblePost(c, me, id);
    store::SaveStore().Unsave(c, me, id);
  });
  co_return http::Response::Json(200, {{"saved", false}});
}

}  // namespace lenslet::api::posts

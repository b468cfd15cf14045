// POST /api/v1/posts/{id}/save → 200 {saved: true}. Idempotent; only posts the
// caller can see (404 otherwise). Saves are private: nobody is notified.
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "core/time.hpp"
#include "store/save_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> SavePost(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me, "saves");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto now = core::NowMillis();
  co_await services.db.Write([&](db::Connection& c) {
    detail::LoadVisiblePost(c, me, id);
    store::SaveStore().Save(c, me, id, now);
  });
  co_return http::Response::Json(200, {{"saved", true}});
}

}  // namespace lenslet::api::posts

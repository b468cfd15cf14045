// GET /api/v1/explore → popular public posts of the last 7 days by accounts the
// caller does not follow (never their own, never blocked either way), highest
// explore score first (store/feed_store.hpp defines the score). Anonymous
// callers see the same list without the follow and block exclusions. Pages
// come from the shared ranking (explore_snapshots.hpp) where there is one,
// ranked outside the page's unit.
#include "api/feed/detail/post_pages.hpp"
#include "api/feed/explore_snapshots.hpp"
#include "api/feed/feed.hpp"
#include "api/users/detail/viewer.hpp"
#include "core/time.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> Explore(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kExploreCursorFields);
  const auto viewer = users::detail::ViewerOf(request);
  const auto now = core::NowMillis();
  if (services.explore != nullptr) {
    co_return http::Response::SerializedJson(
        200, co_await services.explore->Serve(services.db, viewer, page, now));
  }
  co_return http::Response::SerializedJson(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::ExplorePage(c, viewer, page, now);
  }));
}

}  // namespace lenslet::api::feed

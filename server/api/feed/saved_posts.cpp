// GET /api/v1/saved → the caller's saved posts, newest save first; only posts
// the caller may still see (a block or a lost follow of a private account
// hides them without deleting the save). Only ever the caller's own list.
#include "api/feed/detail/post_pages.hpp"
#include "api/feed/feed.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> SavedPosts(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kSavedCursorFields);
  const auto viewer = request.principal->user;
  co_return http::Response::SerializedJson(
      200, co_await services.db.Read([&](db::Connection& c) { return detail::SavedPage(c, viewer, page); }));
}

}  // namespace lenslet::api::feed

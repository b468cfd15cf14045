// GET /api/v1/tags/{tag} → public posts with that hashtag (any case, with or
// without '#'), newest first; an unknown tag is an empty list, not a 404.
// Private accounts' posts never appear here, even to their followers.
#include "api/feed/detail/post_pages.hpp"
#include "api/feed/feed.hpp"
#include "api/users/detail/viewer.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> TagPosts(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kDatedCursorFields);
  const auto viewer = users::detail::ViewerOf(request);
  const std::string& tag = request.Param("tag");
  co_return http::Response::SerializedJson(200, co_await services.db.Read([&](db::Connection& c) {
    return detail::TagPage(c, viewer, tag, page);
  }));
}

}  // namespace lenslet::api::feed

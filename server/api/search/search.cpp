// GET /api/v1/search?q= → users whose username or display name starts with q
// (never blocked either way; private accounts are listed, their posts are
// not searchable) and hashtags that start with q. See search_rules.hpp for
// what q may hold.
#include "api/search/search.hpp"

#include "api/users/detail/viewer.hpp"
#include "api/users/visibility.hpp"
#include "api/views/user_view.hpp"
#include "store/search_store.hpp"

namespace lenslet::api::search {

boost::json::object SearchResults(db::Connection& c, std::optional<core::UserId> viewer,
                                  const std::optional<SearchQuery>& query) {
  boost::json::array users;
  boost::json::array tags;
  if (query) {
    const store::SearchStore store;
    if (query->users) {
      for (const auto& found : store.Users(c, viewer.value_or(core::UserId(0)), query->term, kMaxUsers)) {
        users.push_back(views::PublicUser(
            found.user, users::RelationshipOf(viewer, found.user.id, found.viewer_state, found.viewer_quiet)));
      }
    }
    if (query->tags) {
      for (const auto& tag : store.Tags(c, query->term, kMaxTags)) {
        tags.push_back(boost::json::object{{"name", tag.name}, {"postCount", tag.post_count}});
      }
    }
  }
  return boost::json::object{{"users", std::move(users)}, {"tags", std::move(tags)}};
}

boost::asio::awaitable<http::Response> Search(Services& services, http::Request& request) {
  const auto query = ParseSearchQuery(request.Query("q").value_or(""));
  const auto viewer = users::detail::ViewerOf(request);
  if (!query) {
    co_return http::Response::Json(200, boost::json::object{{"users", boost::json::array{}},
                                                            {"tags", boost::json::array{}}});
  }
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    return SearchResults(c, viewer, query);
  }));
}

}  // namespace lenslet::api::search

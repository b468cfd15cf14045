// GET /api/v1/posts/{id}/comments → paginated comments, OLDEST first (API.md
// "Lists"), cursor {comment id}. Comments by users blocked either way with the
// caller are left out. 404 for posts the caller cannot see.
#include "api/detail/pagination.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/posts.hpp"
#include "api/users/detail/viewer.hpp"
#include "api/views/post_view.hpp"
#include "store/comment_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> ListComments(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, 1);
  const auto viewer = users::detail::ViewerOf(request);
  const auto id = detail::PostIdParam(request.Param("id"));
  const std::optional<core::CommentId> after =
      page.first_page() ? std::nullopt : std::optional(core::CommentId(page.after[0]));
  auto body = co_await services.db.Read([&](db::Connection& c) {
    detail::LoadVisiblePost(c, viewer, id);
    auto rows = store::CommentStore().List(c, id, viewer.value_or(core::UserId()), after, page.limit + 1);
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(static_cast<std::size_t>(page.limit));
      next = std::vector<std::int64_t>{rows.back().id.value};
    }
    boost::json::array items;
    for (const auto& row : rows) items.push_back(views::Comment(row));
    return api::detail::Page(std::move(items), next);
  });
  co_return http::Response::Json(200, body);
}

}  // namespace lenslet::api::posts

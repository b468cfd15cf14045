// GET /api/v1/posts/{id} → 200 {post} as the caller sees it (likedByMe,
// savedByMe). 404 for unknown posts, blocked either way, and private authors
// the caller does not follow (approved).
#include "api/posts/detail/post_access.hpp"
#include "api/posts/detail/show_post.hpp"
#include "api/posts/posts.hpp"
#include "api/users/detail/viewer.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> GetPost(Services& services, http::Request& request) {
  const auto viewer = users::detail::ViewerOf(request);
  const auto id = detail::PostIdParam(request.Param("id"));
  auto shown = co_await db::RunOnPool(services.db, false,
                                      [&] { return detail::ShowPostNow(services.db, viewer, id); });
  std::string body = R"({"post":)";
  body += shown.text;
  body += '}';
  co_return http::Response::SerializedJson(200, {std::move(body)});
}

}  // namespace lenslet::api::posts

// POST /api/v1/posts/{id}/comments {text} → 201 {comment}. text: ≤ 2200 code
// points, not blank. posts.comment_count moves in the same unit. The post's
// author gets a "comment" notification (not for their own comment), and users
// @mentioned in the text a "mention" one — except for a restricted comment
// (nobody is notified) and, for the post's author, a comment holding one of
// their hidden words (api/users/visibility.hpp). 404 for posts the caller
// cannot see.
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/engagement.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "core/time.hpp"
#include "db/statement_unit.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> CreateComment(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.comment_limiter, me, "comments");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto text = ValidateCommentText(api::detail::RequireString(body, "text"));
  const auto mentions = ParseMentions(text);
  const auto now = core::NowMillis();
  auto outcome = co_await db::RunOnPool(
      services.db, true, [&] { return detail::CommentNow(services.db, me, id, text, mentions, now); });
  notifications::EmitRendered(services, std::move(outcome.rendered));
  co_await notifications::Push(services, std::move(outcome.notified));
  co_return http::Response::Json(201, {{"comment", std::move(outcome.comment)}});
}

}  // namespace lenslet::api::posts

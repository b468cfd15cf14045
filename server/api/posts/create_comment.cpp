// POST /api/v1/posts/{id}/comments {text} → 201 {comment}. text: ≤ 2200 code
// points, not blank. posts.comment_count moves in the same unit. The post's
// author gets a "comment" notification (not for their own comment), and users
// @mentioned in the text a "mention" one. 404 for posts the caller cannot see.
#include <array>

#include "api/detail/write_limits.hpp"
#include "api/detail/json_fields.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "api/views/post_view.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> CreateComment(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  api::detail::RequireWithinWriteLimit(services.comment_limiter, me, "comments");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto text = ValidateCommentText(api::detail::RequireString(body, "text"));
  const auto mentions = ParseMentions(text);
  const auto now = core::NowMillis();
  std::vector<notifications::Created> notified;
  auto shown = co_await services.db.Write([&](db::Connection& c) {
    notified.clear();
    const auto visible = detail::LoadVisiblePost(c, me, id);
    const store::CommentStore comments;
    const auto comment = comments.Insert(c, id, me, text, now);
    notifications::Collect(notified, visible.post.author,
                           store::NotificationStore().Upsert(c, {.recipient = visible.post.author,
                                                                 .type = store::NotificationType::kComment,
                                                                 .actor = me,
                                                                 .post = id,
                                                                 .comment = comment,
                                                                 .now = now}));
    detail::NotifyMentions(notified, c, me, mentions, id, comment, now);
    const std::array ids{comment};
    return views::Comment(comments.FindMany(c, ids).at(0));
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(201, {{"comment", std::move(shown)}});
}

}  // namespace lenslet::api::posts

// POST /api/v1/posts/{id}/comments {text} → 201 {comment}. text: ≤ 2200 code
// points, not blank. posts.comment_count moves in the same unit. The post's
// author gets a "comment" notification (not for their own comment), and users
// @mentioned in the text a "mention" one — except for a restricted comment
// (nobody is notified) and, for the post's author, a comment holding one of
// their hidden words (api/users/visibility.hpp). 404 for posts the caller
// cannot see.
#include <array>

#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/posts/post_rules.hpp"
#include "api/posts/posts.hpp"
#include "api/users/visibility.hpp"
#include "api/views/post_view.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::posts {

boost::asio::awaitable<http::Response> CreateComment(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.comment_limiter, me, "comments");
  const auto id = detail::PostIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto text = ValidateCommentText(api::detail::RequireString(body, "text"));
  const auto mentions = ParseMentions(text);
  const auto now = core::NowMillis();
  std::vector<notifications::Created> notified;
  auto shown = co_await services.db.Write([&](db::Connection& c) {
    notified.clear();
    const auto visible = detail::LoadVisiblePost(c, me, id);
    const auto author = visible.post.author;
    const store::CommentStore comments;
    // Restricted: only the two of them see it, so nobody is told of it.
    const bool restricted = users::IsRestrictedComment(c, author, me);
    const auto comment = comments.Insert(c, id, me, text, now, restricted);
    if (!restricted) {
      // Hidden by the post author's words: hidden from them, so not announced to them.
      const bool hidden_from_author = users::CommentFilter::For(c, author, author).Hides(me, text);
      if (!hidden_from_author) {
        notifications::Collect(
            notified, author,
            store::NotificationStore().Upsert(c, {.recipient = author,
                                                  .type = store::NotificationType::kComment,
                                                  .actor = me,
                                                  .post = id,
                                                  .comment = comment,
                                                  .now = now}));
      }
      detail::NotifyMentions(notified, c, me, mentions, id, comment, now,
                             hidden_from_author ? std::optional(author) : std::nullopt);
    }
    const std::array ids{comment};
    return views::Comment(comments.FindMany(c, ids).at(0));
  });
  co_await notifications::Push(services, std::move(notified));
  co_return http::Response::Json(201, {{"comment", std::move(shown)}});
}

}  // namespace lenslet::api::posts

#include "api/posts/detail/engagement.hpp"

#include <array>

#include "api/posts/detail/post_access.hpp"
#include "api/users/visibility.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::posts::detail {

LikeOutcome StoreLike(db::Connection& c, core::UserId me, core::PostId id, core::Millis now) {
  LikeOutcome out;
  const auto visible = LoadVisiblePost(c, me, id);
  out.change = store::LikeStore().Like(c, me, id, now);
  if (out.change.changed) {
    notifications::Collect(out.notified, visible.post.author,
                           store::NotificationStore().Upsert(c, {.recipient = visible.post.author,
                                                                 .type = store::NotificationType::kLike,
                                                                 .actor = me,
                                                                 .post = id,
                                                                 .now = now}));
  }
  return out;
}

LikeOutcome RemoveLike(db::Connection& c, core::UserId me, core::PostId id) {
  const auto post = store::PostStore().FindHeader(c, id);
  if (!post) core::ThrowNotFound("No such post");
  LikeOutcome out;
  // The like first: whether the post is visible only decides the answer.
  out.change = store::LikeStore().Unlike(c, me, id);
  if (out.change.changed) {
    store::NotificationStore().Remove(c, post->author, store::NotificationType::kLike, me, id);
  }
  try {
    LoadVisiblePost(c, me, id);
  } catch (const core::Error& e) {
    if (e.code() != core::ErrorCode::kNotFound || !out.change.changed) throw;
    out.visible = false;
  }
  return out;
}

CommentOutcome StoreComment(db::Connection& c, core::UserId me, core::PostId id, const std::string& text,
                            const std::vector<std::string>& mentions, core::Millis now) {
  CommentOutcome out;
  const auto visible = LoadVisiblePost(c, me, id);
  const auto author = visible.post.author;
  const store::CommentStore comments;
  // Restricted: only the two of them see it, so nobody is told of it.
  const bool restricted = users::IsRestrictedComment(c, author, me);
  const auto comment = comments.Insert(c, id, me, text, now, restricted);
  if (!restricted) {
    // Hidden by the post author's words: hidden from them, so not announced to them.
    const bool hidden_from_author = users::CommentFilter::For(c, author, author).Hides(me, text);
    if (!hidden_from_author) {
      notifications::Collect(out.notified, author,
                             store::NotificationStore().Upsert(c, {.recipient = author,
                                                                   .type = store::NotificationType::kComment,
                                                                   .actor = me,
                                                                   .post = id,
                                                                   .comment = comment,
                                                                   .now = now}));
    }
    NotifyMentions(out.notified, c, me, mentions, id, comment, now,
                   hidden_from_author ? std::optional(author) : std::nullopt);
  }
  const std::array ids{comment};
  out.comment = views::Comment(comments.FindMany(c, ids).at(0));
  return out;
}

}  // namespace lenslet::api::posts::detail

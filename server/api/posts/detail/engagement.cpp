#include "api/posts/detail/engagement.hpp"

#include "api/notifications/targets.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/users/visibility.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"
#include "store/plain_comment.hpp"

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
  auto seen = store::SeenUserStore().FindPost(c, id, me);
  if (!seen) core::ThrowNotFound("No such post");
  const auto author = seen->post.author;
  LikeOutcome out;
  // Whether the post is visible only decides the answer: the like is the
  // caller's to remove either way.
  try {
    VisiblePostOf(c, me, std::move(seen));
  } catch (const core::Error& e) {
    if (e.code() != core::ErrorCode::kNotFound) throw;
    out.visible = false;
  }
  out.change = store::LikeStore().Unlike(c, me, id);
  // Invisible and never liked: exactly like a post that does not exist.
  if (!out.visible && !out.change.changed) core::ThrowNotFound("No such post");
  if (out.change.changed) {
    store::NotificationStore().Remove(c, author, store::NotificationType::kLike, me, id);
  }
  return out;
}

LikeOutcome LikeNow(db::Database& db, core::UserId me, core::PostId id, core::Millis now) {
  if (db.dialect() == db::Dialect::kPostgres) {
    auto [written, targets] = db::WriteStatementNow(db, [&](db::Connection& c) {
      auto done = store::LikeStore().LikeIfVisible(c, me, id, now);
      std::optional<views::NotificationTargets> shown;
      if (done && done->pushed) shown = notifications::CachedPushTargets(c.database_id(), *done->pushed);
      return std::pair(std::move(done), std::move(shown));
    });
    if (written) {
      LikeOutcome out{.change = written->change};
      // No pushed row: nothing new, or the author's list leaves it out.
      notifications::RenderWrittenPush(db, written->author, written->notification, written->pushed, targets,
                                       out.notified, out.rendered);
      return out;
    }
  }
  auto out = db.WriteNow([&](db::Connection& c) { return StoreLike(c, me, id, now); });
  notifications::RenderAfterWrite(db, out.notified, out.rendered);
  return out;
}

LikeOutcome UnlikeNow(db::Database& db, core::UserId me, core::PostId id) {
  if (db.dialect() == db::Dialect::kPostgres) {
    const auto change = db::WriteStatementNow(
        db, [&](db::Connection& c) { return store::LikeStore().UnlikeIfVisible(c, me, id); });
    if (change) return LikeOutcome{.change = *change};
  }
  return db.WriteNow([&](db::Connection& c) { return RemoveLike(c, me, id); });
}

CommentOutcome StoreComment(db::Connection& c, core::UserId me, core::PostId id, const std::string& text,
                            const std::vector<std::string>& mentions, core::Millis now) {
  CommentOutcome out;
  const auto target = LoadPostToComment(c, me, id);
  const auto author = target.visible.post.author;
  // Restricted: only the two of them see it, so nobody is told of it.
  const bool restricted = target.restricted;
  const auto comment = store::CommentStore().Insert(c, id, me, text, now, restricted);
  if (!restricted) {
    // Hidden by the post author's words: hidden from them, so not announced
    // to them. Their list is read only when they have one.
    const bool hidden_from_author =
        target.author_has_hidden_words && users::CommentFilter::For(c, author, author).Hides(me, text);
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
  // What the insert wrote, so nothing to read back: the commenter's columns
  // came with the post.
  out.comment = views::Comment(store::CommentRow{
      .id = comment, .post = id, .author = target.commenter, .text = text, .created_at = now});
  return out;
}

CommentOutcome CommentNow(db::Database& db, core::UserId me, core::PostId id, const std::string& text,
                          const std::vector<std::string>& mentions, core::Millis now) {
  if (db.dialect() == db::Dialect::kPostgres && mentions.empty()) {
    auto [written, targets] = db::WriteStatementNow(db, [&](db::Connection& c) {
      auto done = store::CommentIfPlain(c, me, id, text, now);
      std::optional<views::NotificationTargets> shown;
      if (done && done->pushed) shown = notifications::CachedPushTargets(c.database_id(), *done->pushed);
      return std::pair(std::move(done), std::move(shown));
    });
    if (written) {
      CommentOutcome out{
          .comment = views::Comment(store::CommentRow{
              .id = written->id, .post = id, .author = written->commenter, .text = text, .created_at = now})};
      // No pushed row: their own post, or the author's list leaves it out.
      notifications::RenderWrittenPush(db, written->post_author, written->notification, written->pushed,
                                       targets, out.notified, out.rendered);
      return out;
    }
  }
  auto out = db.WriteNow([&](db::Connection& c) { return StoreComment(c, me, id, text, mentions, now); });
  notifications::RenderAfterWrite(db, out.notified, out.rendered);
  return out;
}

}  // namespace lenslet::api::posts::detail

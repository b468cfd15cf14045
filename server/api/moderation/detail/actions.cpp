#include "api/moderation/detail/actions.hpp"

#include <spdlog/spdlog.h>

#include "api/live/events.hpp"
#include "api/media/stored_media.hpp"
#include "core/error.hpp"
#include "store/audit_store.hpp"
#include "store/comment_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/session_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::api::moderation::detail {
namespace {

std::int64_t Record(db::Connection& c, const Actor& actor, store::AuditAction action,
                    const store::TargetRef& target, const std::string& reason, core::Millis now) {
  return store::AuditStore().Append(
      c, {.actor = actor.id, .action = action, .target = target, .reason = reason, .now = now});
}

// The author hears what happened and why, from nobody in particular.
void Notify(db::Connection& c, Aftermath& out, core::UserId author, store::NotificationType type,
            std::int64_t audit, core::Millis now) {
  notifications::Collect(
      out.notified, author,
      store::NotificationStore().Upsert(
          c, {.recipient = author, .type = type, .actor = author, .now = now, .audit = audit}));
}

void Resolve(db::Connection& c, Aftermath& out, const Actor& actor, const store::TargetRef& target,
             store::Resolution resolution, core::Millis now) {
  out.resolved_reports += store::ReportStore().Resolve(c, target, resolution, actor.id, now);
}

}  // namespace

void RemovePost(db::Connection& c, Aftermath& out, const Actor& actor, core::PostId post,
                const std::string& reason, store::Resolution resolution, core::Millis now) {
  const store::PostStore posts;
  const auto header = posts.FindHeader(c, post);
  if (!header) core::ThrowNotFound("No such post");
  const store::TargetRef target{store::ReportTarget::kPost, post.value};
  // Before the delete, which closes what is still open as "deleted".
  Resolve(c, out, actor, target, resolution, now);
  auto released = posts.Delete(c, post);
  if (!released) core::ThrowNotFound("No such post");
  out.released_blobs.insert(out.released_blobs.end(), released->begin(), released->end());
  const auto audit = Record(c, actor, store::AuditAction::kRemovePost, target, reason, now);
  Notify(c, out, header->author, store::NotificationType::kContentRemoved, audit, now);
}

void RemoveComment(db::Connection& c, Aftermath& out, const Actor& actor, core::CommentId comment,
                   const std::string& reason, store::Resolution resolution, core::Millis now) {
  const store::CommentStore comments;
  const auto header = comments.FindHeader(c, comment);
  if (!header) core::ThrowNotFound("No such comment");
  const store::TargetRef target{store::ReportTarget::kComment, comment.value};
  Resolve(c, out, actor, target, resolution, now);
  if (!comments.Delete(c, comment)) core::ThrowNotFound("No such comment");
  const auto audit = Record(c, actor, store::AuditAction::kRemoveComment, target, reason, now);
  Notify(c, out, header->author, store::NotificationType::kContentRemoved, audit, now);
}

void Warn(db::Connection& c, Aftermath& out, const Actor& actor, const store::TargetRef& target,
          const std::string& reason, core::Millis now) {
  const auto owner = store::ReportStore().OwnerOf(c, target);
  if (!owner) core::ThrowNotFound("No such " + std::string(store::ToString(target.type)));
  Resolve(c, out, actor, target, store::Resolution::kWarn, now);
  const auto audit = Record(c, actor, store::AuditAction::kWarn, target, reason, now);
  Notify(c, out, owner->user, store::NotificationType::kWarning, audit, now);
}

void Dismiss(db::Connection& c, Aftermath& out, const Actor& actor, const store::TargetRef& target,
             const std::string& note, core::Millis now) {
  Resolve(c, out, actor, target, store::Resolution::kDismiss, now);
  Record(c, actor, store::AuditAction::kDismiss, target, note, now);
}

void Suspend(db::Connection& c, Aftermath& out, const Actor& actor, core::UserId user,
             const std::string& reason, std::optional<core::Millis> until, const store::TargetRef& about,
             core::Millis now) {
  if (user == actor.id) throw core::Error(core::ErrorCode::kForbidden, "You cannot suspend yourself");
  const auto role = store::RoleStore().Find(c, user);
  if (!role) core::ThrowNotFound("No such user");
  if (*role == store::Role::kAdmin && actor.role != store::Role::kAdmin) {
    throw core::Error(core::ErrorCode::kForbidden, "Moderators cannot suspend an admin");
  }
  store::SuspensionStore().Put(c, user, reason, until, actor.id, now);
  // In this unit: no login of theirs outlives the commit, whatever happens next.
  auto ended = store::SessionStore().RevokeAllForUser(c, user, now);
  out.ended_sessions.insert(out.ended_sessions.end(), ended.begin(), ended.end());
  out.suspended = user;
  Resolve(c, out, actor, about, store::Resolution::kSuspend, now);
  const store::TargetRef account{store::ReportTarget::kUser, user.value};
  if (!(about == account)) Resolve(c, out, actor, account, store::Resolution::kSuspend, now);
  Record(c, actor, store::AuditAction::kSuspend, account, reason, now);
}

bool Lift(db::Connection& c, const Actor& actor, core::UserId user, const std::string& reason,
          core::Millis now) {
  if (!store::SuspensionStore().Lift(c, user)) return false;
  Record(c, actor, store::AuditAction::kUnsuspend, {store::ReportTarget::kUser, user.value}, reason, now);
  return true;
}

boost::asio::awaitable<void> Complete(Services& services, Aftermath aftermath) {
  if (aftermath.suspended) {
    co_await services.auth.ForgetSessions(aftermath.ended_sessions);
    // Every socket of the account, in every process (the publisher fans out).
    live::DisconnectUser(services, *aftermath.suspended);
  }
  if (!aftermath.released_blobs.empty()) {
    co_await media_files::DeleteUnreferenced(services, std::move(aftermath.released_blobs));
  }
  if (!aftermath.notified.empty()) co_await notifications::Push(services, std::move(aftermath.notified));
}

}  // namespace lenslet::api::moderation::detail

#pragma once
// Notifications: "actor did <type> to recipient (on post / comment)". Other
// features write them inside their own write unit, next to the change they
// report, and remove them when the change is undone:
//
//   co_await db.Write([&](db::Connection& c) {
//     likes.Insert(c, ...);
//     notifications.Upsert(c, {.recipient = post.author, .type = NotificationType::kLike,
//                              .actor = me, .post = post.id, .now = now});
//   });
//
// At most one notification exists per (recipient, type, actor, post, comment)
// (a unique index), so like → unlike → like never stacks them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// API.md's notification types; stored as their wire names. kSecurity (this
// server's addition): wrong passwords on the recipient's account; its actor
// is the recipient (auth/login_throttle.hpp tells once per window).
// kContentRemoved and kWarning (issue 13.3): a moderator removed the
// recipient's content or warned them; the actor is the recipient too, and
// `audit` names the moderation_audit entry whose reason they show.
enum class NotificationType { kLike, kComment, kFollow, kFollowRequest, kMention, kSecurity, kContentRemoved, kWarning };

std::string_view ToString(NotificationType type);
std::optional<NotificationType> ParseNotificationType(std::string_view text);

struct NewNotification {
  core::UserId recipient;
  NotificationType type = NotificationType::kFollow;
  core::UserId actor;
  std::optional<core::PostId> post;
  std::optional<core::CommentId> comment;
  core::Millis now = 0;
  std::optional<std::int64_t> audit;  // moderation notices only
};

// A notification with its actor, as the list reads it (one statement per page).
struct NotificationRow {
  core::NotificationId id;
  core::UserId recipient;
  NotificationType type = NotificationType::kFollow;
  PublicUserRow actor;
  // How the recipient relates to the actor (the actor's followedByMe / requestedByMe).
  FollowState actor_state = FollowState::kNone;
  std::optional<core::PostId> post;
  std::optional<core::CommentId> comment;
  bool read = false;
  core::Millis created_at = 0;
  // Moderation notices: the action's reason and the kind of target it was about.
  std::optional<std::string> moderation_reason;
  std::optional<std::string> moderation_target;
};

class NotificationStore {
 public:
  // Inserts the notification unless the same one exists, which is left as it
  // is (a repeated action never resurfaces an old notification as new).
  // Returns the new id, or nullopt when nothing was inserted: it existed, or
  // recipient == actor (nobody is notified of their own actions; kSecurity
  // excepted).
  std::optional<core::NotificationId> Upsert(db::Connection& c, const NewNotification& n) const;
  // Removes the notification of an action that was undone. True when one existed.
  bool Remove(db::Connection& c, core::UserId recipient, NotificationType type, core::UserId actor,
              std::optional<core::PostId> post = std::nullopt,
              std::optional<core::CommentId> comment = std::nullopt) const;
  // Removes every notification between two users, both ways (a block).
  std::int64_t RemoveBetween(db::Connection& c, core::UserId a, core::UserId b) const;
  // Turns the recipient's follow_request notifications into follow ones,
  // keeping their id, time and read state: the request was accepted. Only the
  // one from `actor`, or all of them when `actor` is nullopt (the account went
  // public). Returns how many changed.
  std::int64_t ConvertFollowRequests(db::Connection& c, core::UserId recipient,
                                     std::optional<core::UserId> actor) const;

  // The recipient's notifications, newest first, with ids below `before` (all
  // when nullopt), leaving out those whose actor the recipient muted (this
  // and UnreadCount). One statement whatever `limit` is.
  std::vector<NotificationRow> List(db::Connection& c, core::UserId recipient,
                                    std::optional<core::NotificationId> before, int limit) const;
  // The recipient's unread notifications (those List shows), counted up to
  // kUnreadCountCap: a badge shows "99+" past 99, and every like, comment and
  // follow counts its recipient's for the live push. Uncapped, a popular
  // account's thousands of unread notifications made each like on their
  // posts read them all: 0.46 ms of a like at 1,638 unread, growing without
  // bound. Capped, a count reads at most 100 rows (API: "unreadCount").
  static constexpr std::int64_t kUnreadCountCap = 100;
  std::int64_t UnreadCount(db::Connection& c, core::UserId recipient) const;
  // Marks read the recipient's notifications with id ≤ up_to (all when
  // nullopt). Returns how many changed.
  std::int64_t MarkRead(db::Connection& c, core::UserId recipient,
                        std::optional<core::NotificationId> up_to) const;
};

}  // namespace lenslet::store

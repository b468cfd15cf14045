#pragma once
// The moderation actions, each a step inside the caller's write unit that
// also appends its audit entry (store/audit_store.hpp) and resolves the
// target's open reports, so an action and its record commit together or not
// at all. What reaches the outside — files to delete, notifications to push,
// logins and sockets to end — is collected in an Aftermath and carried out by
// Complete() after the unit committed. The endpoints of moderation.hpp and
// POST /admin/reports/{id}/resolve share them.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/notifications/push.hpp"
#include "api/services.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/report_store.hpp"
#include "store/role_store.hpp"

namespace lenslet::api::moderation::detail {

struct Aftermath {
  std::vector<std::string> released_blobs;
  std::vector<notifications::Created> notified;
  std::optional<core::UserId> suspended;
  std::vector<core::SessionId> ended_sessions;
  std::int64_t resolved_reports = 0;
};

// Who acts: a moderator or an admin (api/admin/staff.hpp decided it).
struct Actor {
  core::UserId id;
  store::Role role = store::Role::kModerator;
};

// Deletes the post by the author's own deletion path (counters, comments,
// likes, hashtags, media files after the commit) and tells the author.
// Error(kNotFound) when there is no such post.
void RemovePost(db::Connection& c, Aftermath& out, const Actor& actor, core::PostId post,
                const std::string& reason, store::Resolution resolution, core::Millis now);
void RemoveComment(db::Connection& c, Aftermath& out, const Actor& actor, core::CommentId comment,
                   const std::string& reason, store::Resolution resolution, core::Millis now);
// A warning notification to the target's owner. kNotFound when it is gone.
void Warn(db::Connection& c, Aftermath& out, const Actor& actor, const store::TargetRef& target,
          const std::string& reason, core::Millis now);
// Resolves the target's open reports with nothing done to it.
void Dismiss(db::Connection& c, Aftermath& out, const Actor& actor, const store::TargetRef& target,
             const std::string& note, core::Millis now);
// Suspends `user` (until lifted when `until` is nullopt) and ends every login
// of theirs. Error(kForbidden) for the actor themselves and, for a moderator,
// an admin. `about` is the reported target that led to it (its open reports
// are resolved as kSuspend), or the user.
void Suspend(db::Connection& c, Aftermath& out, const Actor& actor, core::UserId user,
             const std::string& reason, std::optional<core::Millis> until, const store::TargetRef& about,
             core::Millis now);
// Lifts a suspension; false (and nothing recorded) when none was in force.
bool Lift(db::Connection& c, const Actor& actor, core::UserId user, const std::string& reason,
          core::Millis now);

// After the commit: files deleted, notifications pushed, the suspended
// account's cached logins forgotten and its sockets closed (every process).
// Never throws: the action already happened.
boost::asio::awaitable<void> Complete(Services& services, Aftermath aftermath);

}  // namespace lenslet::api::moderation::detail

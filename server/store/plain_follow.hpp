#pragma once
// A follow of a public account in ONE statement on PostgreSQL (issue 16.3):
// the write unit of a follow and the push's read were nine round trips, each
// a wait on the database a cluster shares, and the unit held both users' rows
// locked across them. Beside FollowStore, which cannot include seen_user.hpp
// (that header includes it).
#include <optional>
#include <string_view>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/notification_push_store.hpp"
#include "store/seen_user.hpp"

namespace lenslet::store {

// What FollowIfPlain wrote.
struct FollowWritten {
  // The followee as the follower now sees them: followed, with the counters
  // the follow's own UPDATE returned.
  SeenUser followee;
  std::optional<core::NotificationId> notification;  // the followee's new "follow"
  // That notification as the live push shows it (store::FindForPush's row),
  // read in the same statement; nullopt when the followee's list leaves it out.
  std::optional<PushRow> pushed;
};

// PostgreSQL only, ONE statement for db::WriteStatementNow: the follow, both
// counters (the two users' rows locked in ascending id order, as FollowStore
// does), and the followee's "follow" notification (NotificationStore::Upsert's
// row) with its push, written only in the plain case: `username` (any case)
// names someone else, public, neither hidden (suspended, deactivated) nor in
// a block relation with `follower`, whom `follower` neither follows nor asked
// to follow — where api/users/visibility.cpp ProfileOf says yes without asking
// more and the unit would follow at once. nullopt otherwise, with nothing
// written (also when a concurrent request of the same follower wrote it
// first): the caller runs its full unit, which decides every case (404, 422,
// a request, a staff viewer, the idempotent answer) as before.
std::optional<FollowWritten> FollowIfPlain(db::Connection& c, core::UserId follower,
                                           std::string_view username, core::Millis now);

}  // namespace lenslet::store

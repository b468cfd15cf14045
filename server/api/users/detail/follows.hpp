#pragma once
// The write units of a follow, an unfollow and a block, apart from their HTTP
// doors so that dbtests can count what each costs the database and race them.
#include <boost/json/object.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "api/notifications/push.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::api::users::detail {

struct FollowOutcome {
  boost::json::object user;  // the followed user as the caller now sees them
  std::vector<notifications::Created> notified;
  // Pushes already rendered for their recipients, to emit as they are
  // (notifications::EmitRendered); the others are in `notified`.
  std::vector<std::pair<core::UserId, boost::json::object>> rendered;
};

// POST /users/{username}/follow inside the caller's write unit: 404 for an
// unknown or hidden user, 422 for oneself; the follow (or request), the two
// counters, the followee's notification.
FollowOutcome StoreFollow(db::Connection& c, core::UserId me, std::string_view username, core::Millis now);

// The whole write of a follow as Follow runs it, blocking — on the database's
// worker pool: on PostgreSQL ONE round trip in the plain case (a public
// account not yet followed: store::FollowIfPlain in autocommit,
// db::WriteStatementNow), else StoreFollow in a write unit and the push's
// read — SQLite, or any case the statement leaves to the unit. The same
// answers and errors either way.
FollowOutcome FollowNow(db::Database& db, core::UserId me, std::string_view username, core::Millis now);

// DELETE /users/{username}/follow inside the caller's write unit: the follow
// or request goes, with its counters and its notification.
boost::json::object RemoveFollow(db::Connection& c, core::UserId me, std::string_view username);

// POST /users/{username}/block inside the caller's write unit: the block,
// the follows and requests both ways (counters included), the notifications
// between the two. 404 unknown, 422 oneself. Returns the blocked user's id.
// On PostgreSQL the block's insert takes the pair's lock first (migration
// 0025), so a follow or notification in flight between the two either
// commits before the deletes, which then remove it, or sees the block.
core::UserId StoreBlock(db::Connection& c, core::UserId me, std::string_view username, core::Millis now);

}  // namespace lenslet::api::users::detail

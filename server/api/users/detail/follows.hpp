#pragma once
// The write units of a follow and an unfollow, apart from their HTTP doors so
// that follow_statements_dbtest.cpp can count what each costs the database.
#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "api/notifications/push.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::api::users::detail {

struct FollowOutcome {
  boost::json::object user;  // the followed user as the caller now sees them
  std::vector<notifications::Created> notified;
};

// POST /users/{username}/follow inside the caller's write unit: 404 for an
// unknown or hidden user, 422 for oneself; the follow (or request), the two
// counters, the followee's notification.
FollowOutcome StoreFollow(db::Connection& c, core::UserId me, std::string_view username, core::Millis now);

// DELETE /users/{username}/follow inside the caller's write unit: the follow
// or request goes, with its counters and its notification.
boost::json::object RemoveFollow(db::Connection& c, core::UserId me, std::string_view username);

}  // namespace lenslet::api::users::detail

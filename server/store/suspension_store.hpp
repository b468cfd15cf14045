#pragma once
// Suspensions (issue 13.3): a suspended account cannot log in, and its
// profile, posts and comments are hidden from everyone but moderators. One row
// per suspended account; lifting deletes it (the audit log keeps the history).
// A suspension whose `until` has passed no longer applies, whether or not the
// row is still there: every reader goes through the view suspended_accounts
// (migration 0012), which compares with the database's clock.
//
// Queries that list content of many authors hide the suspended with
// LENSLET_NOT_SUSPENDED (below), an anti-join on that view's primary key.
// Since migration 0016 the same anti-join also hides accounts whose owner
// asked to delete them (users.deactivated_at): one rule for everyone the
// privacy policy hides, through the view hidden_accounts.
#include <optional>
#include <string>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

// SQL: "the account `user` (an SQL expression) is neither suspended now nor
// deactivated by its owner" (the view hidden_accounts, migration 0016).
#define LENSLET_NOT_SUSPENDED(user) \
  "NOT EXISTS (SELECT 1 FROM hidden_accounts sa WHERE sa.user_id = " user ")"

namespace lenslet::store {

// Why an account is hidden from others, when it is.
enum class HiddenAs {
  kSuspended,    // a suspension in force: staff still see the account
  kDeactivated,  // its owner asked to delete it: nobody sees it
};

struct Suspension {
  std::string reason;
  std::optional<core::Millis> until;  // nullopt: until lifted
  core::Millis since = 0;
};

class SuspensionStore {
 public:
  // Suspends `user` (again: the new reason and until replace the old ones).
  void Put(db::Connection& c, core::UserId user, const std::string& reason, std::optional<core::Millis> until,
           core::UserId by, core::Millis now) const;
  // Lifts it; true when one was in force.
  bool Lift(db::Connection& c, core::UserId user) const;
  // Whether a suspension of `user` is in force now: one primary-key probe.
  bool IsSuspended(db::Connection& c, core::UserId user) const;
  // Whether `user` is hidden from others now, and why (deactivation wins over
  // a suspension): one probe of hidden_accounts.
  std::optional<HiddenAs> Hidden(db::Connection& c, core::UserId user) const;
  // The suspension of `user` in force now, if any.
  std::optional<Suspension> Active(db::Connection& c, core::UserId user) const;
};

}  // namespace lenslet::store

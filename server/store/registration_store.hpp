#pragma once
// Who may sign up (API.md "Safety and moderation", --registration): the lock
// that serialises sign-ups, accounts waiting for approval, and invite codes.
// The policy itself (which mode, the cap, the first account) is decided in
// auth/registration_policy.hpp and auth::AuthService::Register.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/secret.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

using PendingAccountId = core::Id<struct PendingAccountTag>;
using InviteId = core::Id<struct InviteTag>;

// A sign-up waiting for staff (--registration approval). Not a user: it has
// no profile and nobody but staff sees it.
struct PendingAccountRow {
  PendingAccountId id;
  std::string username;
  std::string email;
  core::Secret password_hash;
  std::string display_name;
  core::Millis created_at = 0;
};

struct NewPendingAccount {
  std::string username;
  std::string email;
  std::string password_hash;
  std::string display_name;
  core::Millis now = 0;
};

class RegistrationStore {
 public:
  // WARNING: call first in every unit that creates an account (a sign-up, an
  // approval). It updates the one registration_gate row: on PostgreSQL that
  // row lock makes concurrent sign-ups wait for each other, and each later
  // statement of the unit (READ COMMITTED) sees every account committed
  // before, so "no account yet", the --max-users count and "username taken"
  // are exact. SQLite serialises writers anyway.
  void LockSignUps(db::Connection& c) const;

  // Throws Error(kUsernameTaken, field "username") / Error(kEmailTaken, field
  // "email") when a pending account holds that name or address (any case).
  void ThrowIfPendingHolds(db::Connection& c, std::string_view username, std::string_view email) const;
  // Call after LockSignUps and after checking users and pending accounts.
  PendingAccountRow InsertPending(db::Connection& c, const NewPendingAccount& account) const;
  // A login is an email when it has an '@', else a username; any case.
  std::optional<PendingAccountRow> FindPendingByLogin(db::Connection& c, std::string_view login) const;
  std::optional<PendingAccountRow> FindPendingByUsername(db::Connection& c, std::string_view username) const;
  // Oldest first (a queue), after the pending account `after` (exclusive);
  // `limit` rows at most.
  std::vector<PendingAccountRow> ListPending(db::Connection& c, std::optional<PendingAccountId> after,
                                             int limit) const;
  // Returns false when there was no such pending account.
  bool DeletePending(db::Connection& c, PendingAccountId id) const;
};

struct InviteRow {
  InviteId id;
  std::string code;
  std::optional<std::string> created_by;  // the username, null once that account is gone
  int uses = 0;
  int uses_left = 0;
  core::Millis expires_at = 0;
  core::Millis created_at = 0;
};

struct NewInvite {
  std::string code;
  core::UserId created_by;
  int uses = 1;
  core::Millis expires_at = 0;
  core::Millis now = 0;
};

// What redeeming a code did.
enum class Redemption { kRedeemed, kUnknown, kExpired, kUsedUp };

class InviteStore {
 public:
  // Throws Error(kConflict) when the code exists (never, for random codes).
  InviteRow Insert(db::Connection& c, const NewInvite& invite) const;
  // Takes one use of `code` when it is known, unexpired at `now` and has a use
  // left: one conditional UPDATE, so of two concurrent sign-ups only one can
  // take the last use. Otherwise says why not, changing nothing.
  Redemption Redeem(db::Connection& c, std::string_view code, core::Millis now) const;
  // Newest first, before the invite `before` (exclusive); `limit` rows at most.
  std::vector<InviteRow> List(db::Connection& c, std::optional<InviteId> before, int limit) const;
  // Returns false when there was no such code.
  bool Delete(db::Connection& c, std::string_view code) const;
};

}  // namespace lenslet::store

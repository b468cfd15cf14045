#include "store/suspension_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kPut =
    "INSERT INTO suspensions (user_id, reason, until, suspended_by, created_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, until = excluded.until, "
    "suspended_by = excluded.suspended_by, created_at = excluded.created_at";

constexpr std::string_view kLift = "DELETE FROM suspensions WHERE user_id = $1";

constexpr std::string_view kIsSuspended = "SELECT 1 FROM suspended_accounts WHERE user_id = $1";

constexpr std::string_view kHidden =
    "SELECT staff_may_see FROM hidden_accounts WHERE user_id = $1 ORDER BY staff_may_see LIMIT 1";

constexpr std::string_view kActive =
    "SELECT s.reason, s.until, s.created_at FROM suspensions s "
    "JOIN suspended_accounts a ON a.user_id = s.user_id WHERE s.user_id = $1";

}  // namespace

void SuspensionStore::Put(db::Connection& c, core::UserId user, const std::string& reason,
                          std::optional<core::Millis> until, core::UserId by, core::Millis now) const {
  c.Exec(kPut, user, reason, until, by, now);
}

bool SuspensionStore::Lift(db::Connection& c, core::UserId user) const {
  // The row goes even when its `until` passed, but only one in force counts.
  const bool in_force = Active(c, user).has_value();
  c.Exec(kLift, user);
  return in_force;
}

bool SuspensionStore::IsSuspended(db::Connection& c, core::UserId user) const {
  return !c.Exec(kIsSuspended, user).empty();
}

std::optional<HiddenAs> SuspensionStore::Hidden(db::Connection& c, core::UserId user) const {
  const auto row = c.Exec(kHidden, user).first();
  if (!row) return std::nullopt;
  return row->Bool(0) ? HiddenAs::kSuspended : HiddenAs::kDeactivated;
}

std::optional<Suspension> SuspensionStore::Active(db::Connection& c, core::UserId user) const {
  const auto row = c.Exec(kActive, user).first();
  if (!row) return std::nullopt;
  return Suspension{.reason = row->Text(0), .until = row->OptInt(1), .since = row->Int(2)};
}

}  // namespace lenslet::store

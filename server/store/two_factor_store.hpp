#pragma once
// Two-factor state (migration 0015): the sealed TOTP secret of each account
// that set it up, its single-use recovery codes, and the challenges of
// logins waiting for a second factor. The rules (what a code is, when one is
// accepted, what a challenge allows) live in auth/; this file only reads and
// writes. Every "use once" is one conditional UPDATE whose affected row count
// is the answer, so two requests racing with one code cannot both win.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

struct TwoFactorRow {
  core::UserId user_id;
  std::string sealed_secret;  // auth::SecretBox output, never the key itself
  core::Millis created_at = 0;
  std::optional<core::Millis> enabled_at;  // nullopt: set up, not confirmed
  std::int64_t last_step = 0;              // last accepted TOTP step
};

enum class ChallengeFlow { kCookie, kToken };

struct ChallengeRow {
  std::string challenge_hash;
  core::UserId user_id;
  ChallengeFlow flow = ChallengeFlow::kCookie;
  core::Millis created_at = 0;
  core::Millis expires_at = 0;
  std::optional<core::Millis> used_at;
  std::int64_t failures = 0;
};

class TwoFactorStore {
 public:
  std::optional<TwoFactorRow> Find(db::Connection& c, core::UserId user) const;
  // Starts (or restarts) a setup with a new sealed secret. False when two-factor
  // is already on: an enabled secret is never replaced this way.
  bool PutPending(db::Connection& c, core::UserId user, std::string_view sealed_secret, core::Millis now) const;
  // Turns a pending setup on, noting the step of the code that confirmed it.
  bool Enable(db::Connection& c, core::UserId user, std::int64_t step, core::Millis now) const;
  // Accepts a TOTP step for an enabled account only if it is later than the
  // last one accepted; false when another request used it (or a later one) first.
  bool UseStep(db::Connection& c, core::UserId user, std::int64_t step) const;
  // Removes the secret, the recovery codes and any waiting challenge.
  void Remove(db::Connection& c, core::UserId user) const;

  // Replaces every recovery code of the user with these hashes.
  void ReplaceRecoveryCodes(db::Connection& c, core::UserId user, const std::vector<std::string>& hashes) const;
  // Marks one unused code used; false when unknown or already used.
  bool UseRecoveryCode(db::Connection& c, core::UserId user, std::string_view code_hash, core::Millis now) const;
  std::int64_t RecoveryCodesLeft(db::Connection& c, core::UserId user) const;

  void InsertChallenge(db::Connection& c, const ChallengeRow& challenge) const;
  std::optional<ChallengeRow> FindChallenge(db::Connection& c, std::string_view challenge_hash) const;
  // Uses the challenge up if it is still open at `now` (unused, unexpired,
  // fewer than `max_failures` wrong codes); true when this call did it.
  bool ConsumeChallenge(db::Connection& c, std::string_view challenge_hash, core::Millis now,
                        std::int64_t max_failures) const;
  void RecordChallengeFailure(db::Connection& c, std::string_view challenge_hash) const;
  // Wrong codes against the account's challenges created after `since`.
  std::int64_t FailuresSince(db::Connection& c, core::UserId user, core::Millis since) const;
  // Housekeeping: challenges that expired before `cutoff`.
  std::int64_t DeleteChallengesExpiredBefore(db::Connection& c, core::Millis cutoff) const;
};

}  // namespace lenslet::store

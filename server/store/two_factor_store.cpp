#include "store/two_factor_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kFind =
    "SELECT user_id, secret, created_at, enabled_at, last_step FROM two_factor WHERE user_id = $1";

// WARNING: the WHERE of the upsert is what keeps an enabled secret: a setup
// started while two-factor is on changes no row.
constexpr std::string_view kPutPending =
    "INSERT INTO two_factor (user_id, secret, created_at, last_step) VALUES ($1, $2, $3, 0) "
    "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, "
    "last_step = 0 WHERE two_factor.enabled_at IS NULL";

constexpr std::string_view kEnable =
    "UPDATE two_factor SET enabled_at = $1, last_step = $2 WHERE user_id = $3 AND enabled_at IS NULL";

// WARNING: "last_step < $1" is the replay guard; the caller checks the count.
constexpr std::string_view kUseStep =
    "UPDATE two_factor SET last_step = $1 WHERE user_id = $2 AND enabled_at IS NOT NULL AND last_step < $1";

constexpr std::string_view kRemove = "DELETE FROM two_factor WHERE user_id = $1";
constexpr std::string_view kRemoveRecoveryCodes = "DELETE FROM two_factor_recovery_codes WHERE user_id = $1";
constexpr std::string_view kRemoveChallenges = "DELETE FROM two_factor_challenges WHERE user_id = $1";

constexpr std::string_view kInsertRecoveryCode =
    "INSERT INTO two_factor_recovery_codes (user_id, code_hash) VALUES ($1, $2)";

constexpr std::string_view kUseRecoveryCode =
    "UPDATE two_factor_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL";

constexpr std::string_view kRecoveryCodesLeft =
    "SELECT count(*) FROM two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL";

constexpr std::string_view kInsertChallenge =
    "INSERT INTO two_factor_challenges (challenge_hash, user_id, flow, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)";

constexpr std::string_view kFindChallenge =
    "SELECT challenge_hash, user_id, flow, created_at, expires_at, used_at, failures "
    "FROM two_factor_challenges WHERE challenge_hash = $1";

constexpr std::string_view kConsumeChallenge =
    "UPDATE two_factor_challenges SET used_at = $1 WHERE challenge_hash = $2 AND used_at IS NULL "
    "AND expires_at > $1 AND failures < $3";

constexpr std::string_view kRecordChallengeFailure =
    "UPDATE two_factor_challenges SET failures = failures + 1 WHERE challenge_hash = $1";

constexpr std::string_view kFailuresSince =
    "SELECT CAST(COALESCE(sum(failures), 0) AS BIGINT) FROM two_factor_challenges WHERE user_id = $1 AND created_at > $2";

constexpr std::string_view kDeleteExpiredChallenges = "DELETE FROM two_factor_challenges WHERE expires_at < $1";

std::string_view FlowName(ChallengeFlow flow) { return flow == ChallengeFlow::kToken ? "token" : "cookie"; }

}  // namespace

std::optional<TwoFactorRow> TwoFactorStore::Find(db::Connection& c, core::UserId user) const {
  const auto row = c.Exec(kFind, user).first();
  if (!row) return std::nullopt;
  return TwoFactorRow{core::UserId(row->Int(0)), row->Text(1), row->Int(2), row->OptInt(3), row->Int(4)};
}

bool TwoFactorStore::PutPending(db::Connection& c, core::UserId user, std::string_view sealed_secret,
                                core::Millis now) const {
  return c.Exec(kPutPending, user, std::string(sealed_secret), now).affected == 1;
}

bool TwoFactorStore::Enable(db::Connection& c, core::UserId user, std::int64_t step, core::Millis now) const {
  return c.Exec(kEnable, now, step, user).affected == 1;
}

bool TwoFactorStore::UseStep(db::Connection& c, core::UserId user, std::int64_t step) const {
  return c.Exec(kUseStep, step, user).affected == 1;
}

void TwoFactorStore::Remove(db::Connection& c, core::UserId user) const {
  c.Exec(kRemoveChallenges, user);
  c.Exec(kRemoveRecoveryCodes, user);
  c.Exec(kRemove, user);
}

void TwoFactorStore::ReplaceRecoveryCodes(db::Connection& c, core::UserId user,
                                          const std::vector<std::string>& hashes) const {
  c.Exec(kRemoveRecoveryCodes, user);
  // Ten rows once per enable: a handful of statements in one unit.
  for (const auto& hash : hashes) c.Exec(kInsertRecoveryCode, user, hash);
}

bool TwoFactorStore::UseRecoveryCode(db::Connection& c, core::UserId user, std::string_view code_hash,
                                     core::Millis now) const {
  return c.Exec(kUseRecoveryCode, now, user, std::string(code_hash)).affected == 1;
}

std::int64_t TwoFactorStore::RecoveryCodesLeft(db::Connection& c, core::UserId user) const {
  return c.Exec(kRecoveryCodesLeft, user).one().Int(0);
}

void TwoFactorStore::InsertChallenge(db::Connection& c, const ChallengeRow& challenge) const {
  c.Exec(kInsertChallenge, challenge.challenge_hash, challenge.user_id, std::string(FlowName(challenge.flow)),
         challenge.created_at, challenge.expires_at);
}

std::optional<ChallengeRow> TwoFactorStore::FindChallenge(db::Connection& c, std::string_view challenge_hash) const {
  const auto row = c.Exec(kFindChallenge, std::string(challenge_hash)).first();
  if (!row) return std::nullopt;
  ChallengeRow challenge;
  challenge.challenge_hash = row->Text(0);
  challenge.user_id = core::UserId(row->Int(1));
  challenge.flow = row->Text(2) == "token" ? ChallengeFlow::kToken : ChallengeFlow::kCookie;
  challenge.created_at = row->Int(3);
  challenge.expires_at = row->Int(4);
  challenge.used_at = row->OptInt(5);
  challenge.failures = row->Int(6);
  return challenge;
}

bool TwoFactorStore::ConsumeChallenge(db::Connection& c, std::string_view challenge_hash, core::Millis now,
                                      std::int64_t max_failures) const {
  return c.Exec(kConsumeChallenge, now, std::string(challenge_hash), max_failures).affected == 1;
}

void TwoFactorStore::RecordChallengeFailure(db::Connection& c, std::string_view challenge_hash) const {
  c.Exec(kRecordChallengeFailure, std::string(challenge_hash));
}

std::int64_t TwoFactorStore::FailuresSince(db::Connection& c, core::UserId user, core::Millis since) const {
  return c.Exec(kFailuresSince, user, since).one().Int(0);
}

std::int64_t TwoFactorStore::DeleteChallengesExpiredBefore(db::Connection& c, core::Millis cutoff) const {
  return c.Exec(kDeleteExpiredChallenges, cutoff).affected;
}

}  // namespace lenslet::store

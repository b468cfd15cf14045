// AuthService's two-factor steps (auth_service.hpp): asking for the second
// factor after the password, completing a login with it, and turning it off.
//
// What an attacker learns: two_factor_required comes only after the right
// password (and the same Argon2id work, throttle and answers as any login
// before that), so someone without the password never reaches a code. A
// wrong code is one answer whatever is wrong with it (not six digits, an old
// step, a used recovery code).
#include <optional>
#include <utility>

#include "auth/auth_service.hpp"
#include "auth/detail/client.hpp"
#include "auth/validation.hpp"
#include "core/error.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::auth {
namespace {

constexpr std::size_t kMaxCodeBytes = 64;

[[noreturn]] void ThrowInvalidChallenge(std::string internal) {
  throw core::Error(core::ErrorCode::kInvalidToken, "This sign-in has expired, please start again", "challenge",
                    std::move(internal));
}

[[noreturn]] void ThrowWrongCode() {
  throw core::Error(core::ErrorCode::kInvalidCredentials, "That code is not right", "code");
}

}  // namespace

boost::asio::awaitable<void> AuthService::RequireNoSecondFactor(core::UserId user, LoginFlow flow) {
  const bool enabled = co_await db_.Read([&](db::Connection& c) { return two_factor_.IsEnabled(c, user); });
  if (!enabled) co_return;
  const core::Millis now = clock_();
  std::string challenge =
      co_await db_.Write([&](db::Connection& c) { return two_factor_.OpenChallenge(c, user, flow, now); });
  core::Error error(core::ErrorCode::kTwoFactorRequired, "Enter the code from your authenticator app");
  error.challenge = std::move(challenge);
  throw error;
}

boost::asio::awaitable<TwoFactorLogin> AuthService::CompleteTwoFactorLogin(std::string challenge, std::string code,
                                                                           ClientInfo client) {
  ThrowIfLimited(co_await login_per_address_->Acquire(detail::AddressKey(client.address)));
  if (!LooksLikeChallenge(challenge)) ThrowInvalidChallenge("challenge is malformed");
  if (code.size() > kMaxCodeBytes) ThrowWrongCode();
  const std::string challenge_hash = HashChallenge(challenge);
  const core::Millis now = clock_();
  const TwoFactorLimits& limits = two_factor_.limits();
  const store::TwoFactorStore& store = two_factor_.store();

  enum class Outcome { kSignedIn, kBadChallenge, kWrongCode, kAccountLimited };
  struct Attempt {
    Outcome outcome = Outcome::kBadChallenge;
    std::optional<TwoFactorLogin> login;
  };
  // One unit: the challenge, the code and the new session commit together; a
  // wrong code is reported by value so that its count is kept.
  Attempt attempt = co_await db_.Write([&](db::Connection& c) -> Attempt {
    const auto row = store.FindChallenge(c, challenge_hash);
    if (!row || row->used_at || row->expires_at <= now || row->failures >= limits.failures_per_challenge) {
      return {Outcome::kBadChallenge, {}};
    }
    // WARNING: checked before the code, so that past the limit even the right
    // code is refused and guessing learns nothing more.
    if (store.FailuresSince(c, row->user_id, now - limits.account_window_ms) >= limits.failures_per_account) {
      return {Outcome::kAccountLimited, {}};
    }
    if (!two_factor_.UseCode(c, row->user_id, code, now)) {
      store.RecordChallengeFailure(c, challenge_hash);
      return {Outcome::kWrongCode, {}};
    }
    // A race with another request on the same challenge: the throw undoes the
    // code's use as well.
    if (!store.ConsumeChallenge(c, challenge_hash, now, limits.failures_per_challenge)) {
      ThrowInvalidChallenge("challenge used concurrently");
    }
    auto user = users_.FindById(c, row->user_id);
    if (!user) return {Outcome::kBadChallenge, {}};
    // Only the second factor learns of a suspension (as only the password does without it).
    if (const auto suspension = store::SuspensionStore().Active(c, user->id)) {
      core::Error error(core::ErrorCode::kAccountSuspended, "This account is suspended");
      if (suspension->until) error.until = core::ToIso8601(*suspension->until);
      throw error;
    }
    return {Outcome::kSignedIn, TwoFactorLogin{StartSession(c, std::move(*user), client, now), row->flow}};
  });

  switch (attempt.outcome) {
    case Outcome::kSignedIn:
      break;
    case Outcome::kBadChallenge:
      ThrowInvalidChallenge("challenge unknown, expired, used or exhausted");
    case Outcome::kWrongCode:
      ThrowWrongCode();
    case Outcome::kAccountLimited: {
      core::Error error(core::ErrorCode::kRateLimited, "Too many wrong codes, try again later", {},
                        "two-factor failures per account");
      error.retry_after_seconds = static_cast<int>(limits.account_window_ms / 1000);
      throw error;
    }
  }
  co_return std::move(*attempt.login);
}

boost::asio::awaitable<void> AuthService::DisableTwoFactor(core::UserId user_id, std::string password,
                                                           std::string code, ClientInfo client) {
  // Wrong passwords and codes here slow the login form down too (the keys a
  // login uses), so a stolen session guesses no faster than a stranger.
  const store::UserRow user = co_await AccountAskingPassword(user_id, client);
  co_await CheckPasswordAgain(user, password, client, "Your password is not right", "password",
                              /*more_to_check=*/true);
  const std::string account_key = AccountKey(user_id);
  const std::string client_key = detail::AddressKey(client.address);

  enum class Outcome { kDisabled, kNotOn, kWrongCode };
  const core::Millis now = clock_();
  const Outcome outcome = co_await db_.Write([&](db::Connection& c) {
    if (!two_factor_.IsEnabled(c, user_id)) return Outcome::kNotOn;
    if (code.size() > kMaxCodeBytes || !two_factor_.UseCode(c, user_id, code, now)) return Outcome::kWrongCode;
    two_factor_.Remove(c, user_id);
    return Outcome::kDisabled;
  });
  switch (outcome) {
    case Outcome::kDisabled:
      co_await throttle_->RecordSuccess(account_key, client_key);
      co_return;
    case Outcome::kNotOn:
      throw core::Error(core::ErrorCode::kConflict, "Two-factor authentication is not on");
    case Outcome::kWrongCode:
      co_await RecordFailure(account_key, client_key, user_id);
      ThrowWrongCode();
  }
}

}  // namespace lenslet::auth

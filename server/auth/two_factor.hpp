#pragma once
// Two-factor authentication with TOTP (issue 14.3, API.md "Accounts for real
// life"): setting it up, turning it on, and the code checks a login (and
// turning it off) rely on. The login itself — password, challenge, session —
// is AuthService's (auth_service.hpp, two_factor_login.cpp). Thread-safe.
//
// What "a code" is, everywhere: six digits are a TOTP code (accepted within
// one step of skew, never a step already used); anything else is tried as a
// recovery code (single use). Both are used up in the same unit as whatever
// they unlock.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/secret_box.hpp"
#include "core/ids.hpp"
#include "core/secret.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/two_factor_store.hpp"

namespace lenslet::auth {

// A challenge answers for 5 minutes and takes at most 5 wrong codes; an
// account takes at most 10 wrong codes per 15 minutes over all its
// challenges (counted in the database, so every instance agrees).
struct TwoFactorLimits {
  core::Millis challenge_lifetime_ms = 5 * 60'000;
  std::int64_t failures_per_challenge = 5;
  std::int64_t failures_per_account = 10;
  core::Millis account_window_ms = 15 * 60'000;
};

struct TwoFactorSetup {
  std::string secret;       // base32, no padding: for typing into an app by hand
  std::string otpauth_url;  // otpauth://totp/…: what the QR code holds
  std::string qr_svg;
};

struct TwoFactorStatus {
  bool enabled = false;
  std::int64_t recovery_codes_left = 0;
};

class TwoFactor {
 public:
  TwoFactor(db::Database& db, const core::Secret& server_secret, Clock clock, TwoFactorLimits limits = {});

  // A new secret, pending until Enable. Replaces an earlier pending one.
  // Errors: kConflict when two-factor is already on.
  boost::asio::awaitable<TwoFactorSetup> Setup(core::UserId user, std::string account_name);
  // Turns the pending setup on with a code of its secret; returns the ten
  // recovery codes (shown once: only their hashes are kept). Errors:
  // kConflict when there is no pending setup or it is already on;
  // kInvalidValue (field code) for a wrong code.
  boost::asio::awaitable<std::vector<std::string>> Enable(core::UserId user, std::string code);
  boost::asio::awaitable<TwoFactorStatus> Status(core::UserId user);

  // The parts other units are built of (inside the caller's db unit):
  bool IsEnabled(db::Connection& c, core::UserId user) const;
  // Writes a challenge and returns the text handed to the client (only its hash is kept).
  std::string OpenChallenge(db::Connection& c, core::UserId user, store::ChallengeFlow flow, core::Millis now) const;
  // Checks a TOTP or recovery code of an enabled account and uses it up.
  bool UseCode(db::Connection& c, core::UserId user, std::string_view code, core::Millis now) const;
  void Remove(db::Connection& c, core::UserId user) const { store_.Remove(c, user); }

  const store::TwoFactorStore& store() const { return store_; }
  const TwoFactorLimits& limits() const { return limits_; }

 private:
  static std::string Owner(core::UserId user);

  db::Database& db_;
  SecretBox box_;
  Clock clock_;
  TwoFactorLimits limits_;
  store::TwoFactorStore store_;
};

// The challenge's stored form: SHA-256 hex, like refresh tokens.
std::string HashChallenge(std::string_view challenge);
bool LooksLikeChallenge(std::string_view challenge);

}  // namespace lenslet::auth

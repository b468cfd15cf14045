#include "auth/two_factor.hpp"

#include <sodium.h>

#include <array>
#include <optional>
#include <utility>

#include "auth/base32.hpp"
#include "auth/detail/encoding.hpp"
#include "auth/qr_svg.hpp"
#include "auth/recovery_codes.hpp"
#include "auth/refresh_token.hpp"
#include "auth/totp.hpp"
#include "core/error.hpp"

namespace lenslet::auth {
namespace {

constexpr std::string_view kIssuer = "Lenslet";

std::int64_t UnixSeconds(core::Millis ms) { return ms / 1000; }

[[noreturn]] void ThrowWrongSetupCode() {
  core::ThrowInvalid("code", "That code is not right: check the time on your phone and try the newest one");
}

}  // namespace

TwoFactor::TwoFactor(db::Database& db, const core::Secret& server_secret, Clock clock, TwoFactorLimits limits)
    : db_(db), box_(server_secret), clock_(OrSystemClock(std::move(clock))), limits_(limits) {}

std::string TwoFactor::Owner(core::UserId user) { return "user:" + user.ToString(); }

boost::asio::awaitable<TwoFactorSetup> TwoFactor::Setup(core::UserId user, std::string account_name) {
  detail::EnsureSodium();
  std::array<char, kTotpSecretBytes> key{};
  randombytes_buf(key.data(), key.size());
  const std::string_view key_view(key.data(), key.size());
  TwoFactorSetup setup;
  setup.secret = Base32Encode(key_view, false);
  const std::string sealed = box_.Seal(key_view, Owner(user));
  sodium_memzero(key.data(), key.size());
  const core::Millis now = clock_();
  const bool stored =
      co_await db_.Write([&](db::Connection& c) { return store_.PutPending(c, user, sealed, now); });
  if (!stored) throw core::Error(core::ErrorCode::kConflict, "Two-factor authentication is already on");
  // Usernames are [a-z0-9._] (auth/validation.hpp): nothing in the label needs escaping.
  setup.otpauth_url = "otpauth://totp/" + std::string(kIssuer) + ":" + account_name + "?secret=" + setup.secret +
                      "&issuer=" + std::string(kIssuer) + "&algorithm=SHA1&digits=6&period=30";
  setup.qr_svg = QrSvg(setup.otpauth_url);
  co_return setup;
}

boost::asio::awaitable<std::vector<std::string>> TwoFactor::Enable(core::UserId user, std::string code) {
  if (!LooksLikeTotpCode(code)) ThrowWrongSetupCode();
  std::vector<std::string> codes = GenerateRecoveryCodes();
  std::vector<std::string> hashes;
  hashes.reserve(codes.size());
  for (const auto& c : codes) hashes.push_back(HashRecoveryCode(*NormalizeRecoveryCode(c)));
  const core::Millis now = clock_();

  enum class Outcome { kEnabled, kNoSetup, kAlreadyOn, kWrongCode };
  const Outcome outcome = co_await db_.Write([&](db::Connection& c) {
    const auto row = store_.Find(c, user);
    if (!row) return Outcome::kNoSetup;
    if (row->enabled_at) return Outcome::kAlreadyOn;
    const auto secret = box_.Open(row->sealed_secret, Owner(user));
    if (!secret) return Outcome::kNoSetup;  // sealed under another server secret: set up again
    const auto step = MatchTotp(*secret, code, UnixSeconds(now), row->last_step);
    if (!step) return Outcome::kWrongCode;
    // WARNING: conditional, so of two enables racing only one hands out codes.
    if (!store_.Enable(c, user, *step, now)) return Outcome::kAlreadyOn;
    store_.ReplaceRecoveryCodes(c, user, hashes);
    return Outcome::kEnabled;
  });
  switch (outcome) {
    case Outcome::kEnabled:
      break;
    case Outcome::kNoSetup:
      throw core::Error(core::ErrorCode::kConflict, "Start the two-factor setup first");
    case Outcome::kAlreadyOn:
      throw core::Error(core::ErrorCode::kConflict, "Two-factor authentication is already on");
    case Outcome::kWrongCode:
      ThrowWrongSetupCode();
  }
  co_return codes;
}

boost::asio::awaitable<TwoFactorStatus> TwoFactor::Status(core::UserId user) {
  co_return co_await db_.Read([&](db::Connection& c) {
    TwoFactorStatus status;
    status.enabled = IsEnabled(c, user);
    if (status.enabled) status.recovery_codes_left = store_.RecoveryCodesLeft(c, user);
    return status;
  });
}

bool TwoFactor::IsEnabled(db::Connection& c, core::UserId user) const {
  const auto row = store_.Find(c, user);
  return row && row->enabled_at;
}

std::string TwoFactor::OpenChallenge(db::Connection& c, core::UserId user, store::ChallengeFlow flow,
                                     core::Millis now) const {
  // The same shape as a refresh token: 32 random bytes, base64url.
  std::string challenge = GenerateRefreshToken();
  store::ChallengeRow row;
  row.challenge_hash = HashChallenge(challenge);
  row.user_id = user;
  row.flow = flow;
  row.created_at = now;
  row.expires_at = now + limits_.challenge_lifetime_ms;
  store_.InsertChallenge(c, row);
  return challenge;
}

bool TwoFactor::UseCode(db::Connection& c, core::UserId user, std::string_view code, core::Millis now) const {
  const auto row = store_.Find(c, user);
  if (!row || !row->enabled_at) return false;
  if (LooksLikeTotpCode(code)) {
    const auto secret = box_.Open(row->sealed_secret, Owner(user));
    if (!secret) return false;
    const auto step = MatchTotp(*secret, code, UnixSeconds(now), row->last_step);
    // WARNING: UseStep is the replay guard across requests and instances.
    return step && store_.UseStep(c, user, *step);
  }
  const auto canonical = NormalizeRecoveryCode(code);
  return canonical && store_.UseRecoveryCode(c, user, HashRecoveryCode(*canonical), now);
}

std::string HashChallenge(std::string_view challenge) {
  return HashRefreshToken(std::string("challenge:") + std::string(challenge));
}

bool LooksLikeChallenge(std::string_view challenge) { return LooksLikeRefreshToken(challenge); }

}  // namespace lenslet::auth

#pragma once
// Time-based one-time passwords, RFC 6238 with the parameters every
// authenticator app defaults to: HMAC-SHA1, 6 digits, 30-second steps
// counted from the Unix epoch. Pure functions; the secret is raw bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::auth {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
// A phone whose clock is off by up to one step either way is still accepted.
inline constexpr std::int64_t kTotpSkewSteps = 1;
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

// The time step of a moment (floor, also before 1970).
std::int64_t TotpStep(std::int64_t unix_seconds);

// The code of one step (RFC 4226 dynamic truncation), zero-padded to `digits` (1–9).
std::string TotpCode(std::string_view secret, std::int64_t step, int digits = kTotpDigits);

// Exactly kTotpDigits ASCII digits.
bool LooksLikeTotpCode(std::string_view code);

// The step within ±kTotpSkewSteps of `unix_seconds` whose code is `code`,
// provided it is later than `last_used_step` — a code already accepted (or
// one older than it) is refused, so a code seen over a shoulder or a proxy
// log cannot be replayed within its window. Compared in constant time.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                      std::int64_t last_used_step);

}  // namespace lenslet::auth

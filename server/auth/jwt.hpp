#pragma once
// Access tokens: compact JWS, HS256 only. Pure functions of (claims, secret,
// time) so every rule is unit-tested without a server.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/secret.hpp"

namespace lenslet::auth {

// HS256 keys shorter than the hash output are brute-forceable (RFC 7518 §3.2).
inline constexpr std::size_t kMinJwtSecretBytes = 32;

// Times are JWT NumericDate: seconds since the epoch.
struct AccessClaims {
  core::UserId user;            // "sub"
  core::SessionId session;      // "sid"
  std::int64_t issued_at = 0;   // "iat"
  std::int64_t expires_at = 0;  // "exp"
};

enum class JwtStatus {
  kOk,
  kMalformed,     // not three base64url parts, or not JSON objects
  kBadAlgorithm,  // alg missing, "none", or anything but HS256
  kBadSignature,
  kBadClaims,  // sub/sid/iat/exp missing or of the wrong type
  kExpired,
  kIssuedInFuture,  // iat beyond the allowed clock skew
};

struct JwtVerification {
  JwtStatus status = JwtStatus::kMalformed;
  AccessClaims claims;  // meaningful only when ok()

  bool ok() const { return status == JwtStatus::kOk; }
};

// Header is exactly {"alg":"HS256","typ":"JWT"}. Throws std::invalid_argument
// for a secret shorter than kMinJwtSecretBytes.
std::string SignJwt(const AccessClaims& claims, const core::Secret& secret);

// now_seconds: the current time; clock_skew_seconds: how far in the future
// "iat" may be (another process's clock may run a little ahead).
JwtVerification VerifyJwt(std::string_view token, const core::Secret& secret, std::int64_t now_seconds,
                          std::int64_t clock_skew_seconds = 60);

}  // namespace lenslet::auth

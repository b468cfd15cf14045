#pragma once
// The one list of error codes the API can answer with, and the one mapping to
// HTTP statuses. Handlers and services throw `Error`; the HTTP layer renders it
// as {"error":{"code","message","field"}} and logs `internal` (never sent).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lenslet::core {

// When adding here, also update: kErrorTable in error.cpp (wire code + status)
// and, if clients must handle it, docs/openapi.yaml (components/schemas/ErrorCode).
enum class ErrorCode {
  kBadRequest,          // 400 malformed request
  kMalformedJson,       // 400 body is not JSON
  kUnauthenticated,     // 401 no valid session
  kInvalidCredentials,  // 401 wrong login or password (deliberately one code for both)
  kInvalidToken,        // 401 refresh token unknown, used or revoked
  kForbidden,           // 403 not allowed
  kForeignOrigin,       // 403 CSRF: Origin/Referer is not ours
  kNotFound,            // 404 also for objects the caller may not see
  kMethodNotAllowed,    // 405
  kConflict,            // 409
  kUsernameTaken,       // 409
  kEmailTaken,          // 409
  kPayloadTooLarge,     // 413
  kUnsupportedMediaType,// 415
  kInvalidValue,        // 422
  kRateLimited,         // 429 (with Retry-After)
  kHeadersTooLarge,     // 431
  kInternal,            // 500 nothing leaked
  kUnavailable,         // 503 database down, migrations running, overloaded
  kInsufficientStorage, // 507 the disk (or the object store) is full: the write was not kept
  kAccountPending,      // 403 signed up under --registration approval, not approved yet
  kRegistrationClosed,  // 403 --registration closed
  kRegistrationFull,    // 403 --max-users reached
  kInviteExpired,       // 403 the invite code's time is over
  kInviteUsedUp,        // 403 the invite code has no use left
  kAccountSuspended,    // 403 a moderator suspended the account (with `until` when it ends)
  kTokenInvalid,        // 400 a mailed link's token is malformed or unknown
  kTokenExpired,        // 410 a mailed link's token is past its time (or its address changed since)
  kTokenUsed,           // 410 a mailed link's token was used already (single use)
  kTwoFactorRequired,   // 401 right password, now the second factor (with `challenge`)
  // Keep this the last one: the table's static_assert and the tests count up to it.
};

struct ErrorInfo {
  std::string_view wire_code;  // snake_case, stable: clients switch on it
  int http_status;
};

ErrorInfo Describe(ErrorCode code);

class Error : public std::runtime_error {
 public:
  // `message` goes to the client; `internal` only to the log.
  Error(ErrorCode code, std::string message, std::string field = {}, std::string internal = {});

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  const std::string& internal() const { return internal_; }
  int http_status() const { return Describe(code_).http_status; }

  std::optional<int> retry_after_seconds;
  // kAccountSuspended: when the suspension ends (ISO 8601), if it does.
  std::optional<std::string> until;
  // kTwoFactorRequired: what POST /auth/login/2fa takes back (top level of the body).
  std::optional<std::string> challenge;

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
  std::string internal_;
};

// Shorthands for the common cases, so handlers read as recipes.
[[noreturn]] void ThrowInvalid(std::string field, std::string message);
[[noreturn]] void ThrowNotFound(std::string what = "Not found");

}  // namespace lenslet::core

#include "core/error.hpp"

#include <array>
#include <utility>

namespace lenslet::core {
namespace {

struct Entry {
  ErrorCode code;
  ErrorInfo info;
};

// Order matches the enum; a static_assert below keeps them in step.
constexpr std::array kErrorTable{
    Entry{ErrorCode::kBadRequest, {"bad_request", 400}},
    Entry{ErrorCode::kMalformedJson, {"malformed_json", 400}},
    Entry{ErrorCode::kUnauthenticated, {"unauthenticated", 401}},
    Entry{ErrorCode::kInvalidCredentials, {"invalid_credentials", 401}},
    Entry{ErrorCode::kInvalidToken, {"invalid_token", 401}},
    Entry{ErrorCode::kForbidden, {"forbidden", 403}},
    Entry{ErrorCode::kForeignOrigin, {"foreign_origin", 403}},
    Entry{ErrorCode::kNotFound, {"not_found", 404}},
    Entry{ErrorCode::kMethodNotAllowed, {"method_not_allowed", 405}},
    Entry{ErrorCode::kConflict, {"conflict", 409}},
    Entry{ErrorCode::kUsernameTaken, {"username_taken", 409}},
    Entry{ErrorCode::kEmailTaken, {"email_taken", 409}},
    Entry{ErrorCode::kPayloadTooLarge, {"payload_too_large", 413}},
    Entry{ErrorCode::kUnsupportedMediaType, {"unsupported_media_type", 415}},
    Entry{ErrorCode::kInvalidValue, {"invalid_value", 422}},
    Entry{ErrorCode::kRateLimited, {"rate_limited", 429}},
    Entry{ErrorCode::kHeadersTooLarge, {"headers_too_large", 431}},
    Entry{ErrorCode::kInternal, {"internal", 500}},
    Entry{ErrorCode::kUnavailable, {"unavailable", 503}},
    Entry{ErrorCode::kInsufficientStorage, {"insufficient_storage", 507}},
    Entry{ErrorCode::kAccountPending, {"account_pending", 403}},
    Entry{ErrorCode::kRegistrationClosed, {"registration_closed", 403}},
    Entry{ErrorCode::kRegistrationFull, {"registration_full", 403}},
    Entry{ErrorCode::kInviteExpired, {"invite_expired", 403}},
    Entry{ErrorCode::kInviteUsedUp, {"invite_used_up", 403}},
    Entry{ErrorCode::kAccountSuspended, {"account_suspended", 403}},
    Entry{ErrorCode::kTokenInvalid, {"token_invalid", 400}},
    Entry{ErrorCode::kTokenExpired, {"token_expired", 410}},
    Entry{ErrorCode::kTokenUsed, {"token_used", 410}},
    Entry{ErrorCode::kTwoFactorRequired, {"two_factor_required", 401}},
};

constexpr bool TableInEnumOrder() {
  for (std::size_t i = 0; i < kErrorTable.size(); ++i) {
    if (static_cast<std::size_t>(kErrorTable[i].code) != i) return false;
  }
  return kErrorTable.size() == static_cast<std::size_t>(ErrorCode::kTwoFactorRequired) + 1;
}
static_assert(TableInEnumOrder(), "kErrorTable must list every ErrorCode in enum order");

}  // namespace

ErrorInfo Describe(ErrorCode code) { return kErrorTable[static_cast<std::size_t>(code)].info; }

Error::Error(ErrorCode code, std::string message, std::string field, std::string internal)
    : std::runtime_error(message),
      code_(code),
      message_(std::move(message)),
      field_(std::move(field)),
      internal_(std::move(internal)) {}

void ThrowInvalid(std::string field, std::string message) {
  throw Error(ErrorCode::kInvalidValue, std::move(message), std::move(field));
}

void ThrowNotFound(std::string what) { throw Error(ErrorCode::kNotFound, std::move(what)); }

}  // namespace lenslet::core

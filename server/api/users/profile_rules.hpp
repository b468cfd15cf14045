#pragma once
// Profile field rules (PATCH /users/me) as plain functions. Each throws
// core::Error(kInvalidValue, message, field) on the first broken rule and
// returns the value to store.
#include <string>
#include <string_view>

namespace lenslet::api::users {

inline constexpr std::size_t kBioMaxLength = 150;      // code points
inline constexpr std::size_t kWebsiteMaxLength = 200;  // characters (ASCII only)

// Trimmed; valid UTF-8, ≤ 150 code points; line breaks allowed, other control
// characters not.
std::string ValidateBio(std::string_view bio);

// Trimmed; empty (no website), or an absolute http(s) URL with a host, ≤ 200
// characters of printable ASCII (internationalised hosts go as punycode), and
// no user:password@ part (a classic way to disguise where a link goes).
std::string ValidateWebsite(std::string_view website);

}  // namespace lenslet::api::users

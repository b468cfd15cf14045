#pragma once
// Account rules as plain functions (API.md "Accounts"). Each Validate* throws
// core::Error(kInvalidValue, human message, field) on the first broken rule.
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::auth {

inline constexpr std::size_t kUsernameMinLength = 3;
inline constexpr std::size_t kUsernameMaxLength = 30;
inline constexpr std::size_t kEmailMaxLength = 254;  // RFC 5321 path limit
inline constexpr std::size_t kEmailLocalMaxLength = 64;
inline constexpr std::size_t kPasswordMinLength = 8;      // code points
inline constexpr std::size_t kPasswordMaxLength = 128;    // code points
inline constexpr std::size_t kDisplayNameMaxLength = 50;  // code points

// ASCII lowercase; usernames are stored and compared this way.
std::string AsciiLower(std::string_view text);

// Names that would shadow a route, a page or a role (see kReservedUsernames in
// validation.cpp). Expects a lowercased name.
bool IsReservedUsername(std::string_view lowercased);

// Accepts any case; returns the stored (lowercased) form. 3–30 characters of
// [a-z0-9._], not starting or ending with '.', no "..", not reserved.
std::string ValidateUsername(std::string_view username);

// One '@', non-empty local part (≤ 64) and domain with a dot, no whitespace or
// control characters, valid UTF-8, ≤ 254 bytes. Returned as given.
std::string ValidateEmail(std::string_view email);

// 8–128 Unicode code points of valid UTF-8, and not the username in any case.
void ValidatePassword(std::string_view password, std::string_view username);

// Trimmed; ≤ 50 code points, no control characters. Absent or blank → the username.
std::string ValidateDisplayName(const std::optional<std::string>& display_name, std::string_view username);

}  // namespace lenslet::auth

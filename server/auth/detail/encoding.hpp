#pragma once
// Byte encodings shared by the token code: base64url without padding (JWT,
// refresh tokens) and lowercase hex (stored token hashes).
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::auth::detail {

// libsodium must be initialised once before its random and hashing functions.
void EnsureSodium();

std::string Base64UrlEncode(std::string_view bytes);
// Strict: rejects padding, whitespace, characters outside the URL-safe
// alphabet and non-zero trailing bits, so every token has one spelling.
std::optional<std::string> Base64UrlDecode(std::string_view text);

std::string HexEncode(std::string_view bytes);

}  // namespace lenslet::auth::detail

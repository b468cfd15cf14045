#pragma once
// Refresh tokens: 32 random bytes, base64url (43 characters). Only their
// SHA-256 is stored, so a copy of the database cannot be replayed as logins.
#include <string>
#include <string_view>

namespace lenslet::auth {

inline constexpr std::size_t kRefreshTokenBytes = 32;
inline constexpr std::size_t kRefreshTokenLength = 43;  // base64url of 32 bytes, unpadded

std::string GenerateRefreshToken();

// Lowercase hex SHA-256 of the token text: the refresh_tokens primary key.
std::string HashRefreshToken(std::string_view token);

// A cheap shape check (length and alphabet) so garbage never reaches the database.
bool LooksLikeRefreshToken(std::string_view token);

}  // namespace lenslet::auth

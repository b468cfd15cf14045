#pragma once
// The ten single-use recovery codes of a two-factor account: 80 random bits
// each, shown once as "abcd-efgh-ijkm-nopq" (lowercase base32). Only their
// SHA-256 is stored; at 80 bits a plain hash is out of reach of guessing, as
// with refresh tokens, so no slow hash is needed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::auth {

inline constexpr std::size_t kRecoveryCodeCount = 10;

std::vector<std::string> GenerateRecoveryCodes();

// The canonical form of what someone typed (any case, with or without the
// hyphens or spaces), or nullopt when it cannot be a recovery code.
std::optional<std::string> NormalizeRecoveryCode(std::string_view typed);

// Lowercase hex SHA-256 of the canonical form: what is stored and looked up.
std::string HashRecoveryCode(std::string_view canonical);

}  // namespace lenslet::auth

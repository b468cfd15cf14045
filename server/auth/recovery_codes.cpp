#include "auth/recovery_codes.hpp"

#include <sodium.h>

#include <array>

#include "auth/base32.hpp"
#include "auth/detail/encoding.hpp"
#include "auth/refresh_token.hpp"

namespace lenslet::auth {
namespace {

constexpr std::size_t kCodeBytes = 10;    // 80 bits
constexpr std::size_t kCodeSymbols = 16;  // base32 of 10 bytes, no padding
constexpr std::size_t kGroup = 4;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::string> GenerateRecoveryCodes() {
  detail::EnsureSodium();
  std::vector<std::string> codes;
  codes.reserve(kRecoveryCodeCount);
  for (std::size_t i = 0; i < kRecoveryCodeCount; ++i) {
    std::array<char, kCodeBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string symbols = Base32Encode(std::string_view(bytes.data(), bytes.size()), false);
    sodium_memzero(bytes.data(), bytes.size());
    std::string code;
    for (std::size_t j = 0; j < symbols.size(); ++j) {
      if (j > 0 && j % kGroup == 0) code.push_back('-');
      code.push_back(Lower(symbols[j]));
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::optional<std::string> NormalizeRecoveryCode(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string canonical;
  for (const char c : typed) {
    if (c == '-' || c == ' ') continue;
    const char lower = Lower(c);
    if (!((lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7'))) return std::nullopt;
    canonical.push_back(lower);
  }
  if (canonical.size() != kCodeSymbols) return std::nullopt;
  return canonical;
}

std::string HashRecoveryCode(std::string_view canonical) {
  // The same SHA-256-to-hex as refresh tokens; a distinct prefix keeps the two
  // kinds of hash from ever being interchangeable.
  return HashRefreshToken(std::string("recovery:") + std::string(canonical));
}

}  // namespace lenslet::auth

#include "auth/refresh_token.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "auth/detail/encoding.hpp"

namespace lenslet::auth {

std::string GenerateRefreshToken() {
  detail::EnsureSodium();
  std::array<unsigned char, kRefreshTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string token =
      detail::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::string HashRefreshToken(std::string_view token) {
  detail::EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.empty() ? "" : token.data()),
                     token.size());
  return detail::HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

bool LooksLikeRefreshToken(std::string_view token) {
  return token.size() == kRefreshTokenLength && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_';
         });
}

}  // namespace lenslet::auth

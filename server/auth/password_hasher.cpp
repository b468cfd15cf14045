#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <array>

#include "auth/detail/encoding.hpp"
#include "core/error.hpp"

namespace lenslet::auth {
namespace {

// libsodium declares its inputs non-null even when the length is zero.
const char* NonNull(std::string_view text) { return text.empty() ? "" : text.data(); }

}  // namespace

PasswordHasher::PasswordHasher(PasswordHashParams params) : params_(params) {
  detail::EnsureSodium();
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  dummy_hash_ = Hash(
      detail::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(random.data()), random.size())));
  sodium_memzero(random.data(), random.size());
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, NonNull(password), password.size(), params_.opslimit, params_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw core::Error(core::ErrorCode::kInternal, "Something went wrong", {},
                      "crypto_pwhash_str_alg failed (out of memory?)");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view stored_hash, std::string_view password) const {
  // crypto_pwhash_str_verify reads a NUL-terminated string.
  const std::string hash(stored_hash);
  return crypto_pwhash_str_verify(hash.c_str(), NonNull(password), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view stored_hash) const {
  const std::string hash(stored_hash);
  // Returns 1 for other parameters and -1 for another algorithm or garbage.
  return crypto_pwhash_str_needs_rehash(hash.c_str(), params_.opslimit, params_.memlimit) != 0;
}

bool PasswordHasher::VerifyDummy(std::string_view password) const {
  Verify(dummy_hash_, password);
  return false;
}

}  // namespace lenslet::auth

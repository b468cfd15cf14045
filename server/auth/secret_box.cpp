#include "auth/secret_box.hpp"

#include <sodium.h>

#include <stdexcept>

#include "auth/detail/encoding.hpp"

namespace lenslet::auth {
namespace {

constexpr std::string_view kPrefix = "v1.";
// Domain separation: this key is never the JWT key itself.
constexpr std::string_view kContext = "lenslet/two-factor-secrets/v1";
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

SecretBox::SecretBox(const core::Secret& server_secret) {
  detail::EnsureSodium();
  const std::string_view secret = server_secret.Reveal();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof key_);
  crypto_generichash_update(&state, Bytes(kContext), kContext.size());
  crypto_generichash_update(&state, Bytes(secret), secret.size());
  crypto_generichash_final(&state, key_, sizeof key_);
}

SecretBox::~SecretBox() { sodium_memzero(key_, sizeof key_); }

std::string SecretBox::Seal(std::string_view plaintext, std::string_view owner) const {
  std::string box(kNonce + plaintext.size() + kTag, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonce);
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonce, &length, Bytes(plaintext), plaintext.size(),
                                                 Bytes(owner), owner.size(), nullptr, out, key_) != 0) {
    throw std::runtime_error("sealing a secret failed");
  }
  std::string sealed(kPrefix);
  sealed += detail::Base64UrlEncode(box);
  sodium_memzero(box.data(), box.size());
  return sealed;
}

std::optional<std::string> SecretBox::Open(std::string_view sealed, std::string_view owner) const {
  if (!sealed.starts_with(kPrefix)) return std::nullopt;
  const auto box = detail::Base64UrlDecode(sealed.substr(kPrefix.size()));
  if (!box || box->size() < kNonce + kTag) return std::nullopt;
  const auto* in = Bytes(*box);
  std::string plain(box->size() - kNonce - kTag, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
                                                 in + kNonce, box->size() - kNonce, Bytes(owner), owner.size(), in,
                                                 key_) != 0) {
    return std::nullopt;
  }
  plain.resize(length);
  return plain;
}

}  // namespace lenslet::auth

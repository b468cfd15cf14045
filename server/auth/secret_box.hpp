#pragma once
// Seals the TOTP secrets at rest. Unlike a password, a TOTP secret must be
// read back to check a code, so it cannot be hashed; it is encrypted
// (XChaCha20-Poly1305) under a key derived from the server's signing secret,
// which lives outside the database (<data-dir>/jwt-secret or --jwt-secret). A
// copy of the database alone — a backup, a dump — then yields no second factor.
// Each sealed value is bound to its owner (associated data), so moving a row's
// secret onto another account does not open.
//
// WARNING: replacing the signing secret makes the sealed secrets unreadable:
// those accounts sign in with a recovery code and set two-factor up again.
#include <optional>
#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace lenslet::auth {

class SecretBox {
 public:
  explicit SecretBox(const core::Secret& server_secret);
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  // "v1." + base64url(nonce ‖ ciphertext ‖ tag); a fresh random nonce each time.
  std::string Seal(std::string_view plaintext, std::string_view owner) const;
  // nullopt when the text was not sealed by this key for this owner, or was altered.
  std::optional<std::string> Open(std::string_view sealed, std::string_view owner) const;

 private:
  unsigned char key_[32];
};

}  // namespace lenslet::auth

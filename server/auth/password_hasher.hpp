#pragma once
// Argon2id password hashing (libsodium). Every call is deliberately slow and
// memory-hungry: run it on the "auth" WorkerPool, never on a network thread.
#include <cstddef>
#include <string>
#include <string_view>

namespace lenslet::auth {

struct PasswordHashParams {
  // OWASP's Argon2id recommendation: m=19 MiB, t=2, p=1.
  unsigned long long opslimit = 2;
  std::size_t memlimit = 19u * 1024u * 1024u;
};

class PasswordHasher {
 public:
  // Precomputes the dummy hash (one Hash call), so construct it at start-up.
  explicit PasswordHasher(PasswordHashParams params = {});

  // A "$argon2id$..." string with its own salt and parameters. Throws
  // core::Error(kInternal) if the memory cannot be allocated.
  std::string Hash(std::string_view password) const;
  // Constant-time in the password; false for a wrong password or a malformed hash.
  bool Verify(std::string_view stored_hash, std::string_view password) const;
  // True when the hash was made with other parameters (or another algorithm)
  // than ours; the caller rehashes after a successful Verify.
  bool NeedsRehash(std::string_view stored_hash) const;

  // Spends the same time as a Verify against a real account and always fails:
  // logins for unknown users cost as much as wrong passwords, so response
  // times do not reveal which accounts exist.
  bool VerifyDummy(std::string_view password) const;

  const PasswordHashParams& params() const { return params_; }

 private:
  PasswordHashParams params_;
  std::string dummy_hash_;
};

}  // namespace lenslet::auth

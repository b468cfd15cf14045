#include "auth/password_hasher.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace lenslet::auth {
namespace {

// Cheap parameters keep most tests fast; one test uses the real defaults.
constexpr PasswordHashParams kFast{1, 8 * 1024};

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  const PasswordHasher hasher(kFast);
  const std::string hash = hasher.Hash("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << "hash must start with $argon2id$";
  EXPECT_EQ(hash.find("correct"), std::string::npos);
  EXPECT_TRUE(hasher.Verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.Verify(hash, "correct horse battery stapl"));
  EXPECT_FALSE(hasher.Verify(hash, "Correct horse battery staple"));
  EXPECT_FALSE(hasher.Verify(hash, ""));
}

TEST(PasswordHasher, SaltsEveryHash) {
  const PasswordHasher hasher(kFast);
  EXPECT_NE(hasher.Hash("same password"), hasher.Hash("same password"));
}

TEST(PasswordHasher, MalformedStoredHashNeverVerifies) {
  const PasswordHasher hasher(kFast);
  EXPECT_FALSE(hasher.Verify("", "x"));
  EXPECT_FALSE(hasher.Verify("plaintext", "plaintext"));
  EXPECT_FALSE(hasher.Verify("$argon2id$v=19$m=8,t=1,p=1$garbage", "x"));
}

TEST(PasswordHasher, PasswordsWithNulBytesAndUnicode) {
  const PasswordHasher hasher(kFast);
  const std::string with_nul("abc\0def12", 9);
  const std::string hash = hasher.Hash(with_nul);
  EXPECT_TRUE(hasher.Verify(hash, with_nul));
  EXPECT_FALSE(hasher.Verify(hash, "abc"));
  const std::string unicode = "pässwörd📷密码";
  EXPECT_TRUE(hasher.Verify(hasher.Hash(unicode), unicode));
}

TEST(PasswordHasher, DefaultsAreOwasp) {
  const PasswordHashParams defaults;
  EXPECT_EQ(defaults.opslimit, 2u);
  EXPECT_EQ(defaults.memlimit, 19u * 1024 * 1024);
  const PasswordHasher hasher;  // the real cost, once
  const std::string hash = hasher.Hash("a real password");
  EXPECT_NE(hash.find("$m=19456,t=2,p=1$"), std::string::npos) << "parameters are recorded in the hash";
  EXPECT_TRUE(hasher.Verify(hash, "a real password"));
  EXPECT_FALSE(hasher.NeedsRehash(hash));
}

TEST(PasswordHasher, WeakerOrForeignHashesNeedRehash) {
  const PasswordHasher weak(kFast);
  const PasswordHasher strong(PasswordHashParams{2, 64 * 1024});
  const std::string old_hash = weak.Hash("password123");
  EXPECT_FALSE(weak.NeedsRehash(old_hash));
  EXPECT_TRUE(strong.NeedsRehash(old_hash));
  EXPECT_TRUE(strong.Verify(old_hash, "password123")) << "old hashes still verify";
  EXPECT_TRUE(strong.NeedsRehash("$2b$10$abcdefghijklmnopqrstuv"));
}

TEST(PasswordHasher, DummyVerificationAlwaysFails) {
  const PasswordHasher hasher(kFast);
  EXPECT_FALSE(hasher.VerifyDummy("anything"));
  EXPECT_FALSE(hasher.VerifyDummy(""));
}

}  // namespace
}  // namespace lenslet::auth

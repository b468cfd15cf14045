#include "auth/secret_box.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::auth {
namespace {

const core::Secret kKey(std::string(40, 'k'));

TEST(SecretBox, OpensWhatItSealedForTheSameOwner) {
  const SecretBox box(kKey);
  const std::string secret("\x01\x02\x00\xff twenty bytes!!", 20);
  const std::string sealed = box.Seal(secret, "user:7");
  EXPECT_TRUE(sealed.starts_with("v1."));
  EXPECT_EQ(sealed.find("twenty"), std::string::npos);
  EXPECT_EQ(box.Open(sealed, "user:7"), secret);
  EXPECT_NE(box.Seal(secret, "user:7"), sealed) << "a fresh nonce each time";
}

TEST(SecretBox, RefusesAnotherOwnerAnotherKeyOrAlteredText) {
  const SecretBox box(kKey);
  const std::string sealed = box.Seal("secret", "user:7");
  EXPECT_FALSE(box.Open(sealed, "user:8"));
  EXPECT_FALSE(SecretBox(core::Secret(std::string(40, 'j'))).Open(sealed, "user:7"));
  std::string altered = sealed;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.Open(altered, "user:7"));
  EXPECT_FALSE(box.Open("v1.", "user:7"));
  EXPECT_FALSE(box.Open("v2." + sealed.substr(3), "user:7"));
  EXPECT_FALSE(box.Open("plain", "user:7"));
}

}  // namespace
}  // namespace lenslet::auth

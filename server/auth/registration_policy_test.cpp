#include "auth/registration_policy.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lenslet::auth {
namespace {

TEST(RegistrationPolicyTest, ModesRoundTripAndNothingElseParses) {
  for (const auto mode : {RegistrationMode::kOpen, RegistrationMode::kApproval, RegistrationMode::kInvite,
                          RegistrationMode::kClosed}) {
    EXPECT_EQ(ParseRegistrationMode(RegistrationModeName(mode)), mode);
  }
  for (const char* bad : {"", "Open", "OPEN", "invites", "approve", "closed "}) {
    EXPECT_FALSE(ParseRegistrationMode(bad)) << bad;
  }
}

TEST(RegistrationPolicyTest, GeneratedCodesAreGroupedUniqueAndNormalizeToThemselves) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto code = GenerateInviteCode();
    ASSERT_EQ(code.size(), 19u) << code;  // 16 symbols, 3 dashes
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(NormalizeInviteCode(code), code);
    EXPECT_TRUE(seen.insert(code).second) << code;
  }
}

TEST(RegistrationPolicyTest, TypedCodesAreForgivingAboutCaseDashesAndSpaces) {
  EXPECT_EQ(NormalizeInviteCode("7k2mq9xd4hvnc8rt"), "7K2M-Q9XD-4HVN-C8RT");
  EXPECT_EQ(NormalizeInviteCode(" 7K2M q9xd-4HVN C8RT "), "7K2M-Q9XD-4HVN-C8RT");
}

TEST(RegistrationPolicyTest, ForgedOrMalformedCodesAreRefusedBeforeTheDatabase) {
  for (const char* bad : {"", "----", "7K2M-Q9XD-4HVN-C8R", "7K2M-Q9XD-4HVN-C8RTX", "7K2M-Q9XD-4HVN-C8RU",
                          "7K2M-Q9XD-4HVN-C8R'", "7K2M-Q9XD-4HVN-C8R\xC3\xA9", "' OR 1=1 --"}) {
    EXPECT_FALSE(NormalizeInviteCode(bad)) << bad;
  }
  EXPECT_FALSE(NormalizeInviteCode(std::string(1 << 20, ' ')));
}

}  // namespace
}  // namespace lenslet::auth

#include "auth/recovery_codes.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace lenslet::auth {
namespace {

TEST(RecoveryCodes, AreTenDistinctGroupsOfLowercaseBase32) {
  const auto codes = GenerateRecoveryCodes();
  ASSERT_EQ(codes.size(), kRecoveryCodeCount);
  const std::regex shape("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}");
  std::set<std::string> distinct;
  for (const auto& code : codes) {
    EXPECT_TRUE(std::regex_match(code, shape)) << code;
    distinct.insert(code);
  }
  EXPECT_EQ(distinct.size(), kRecoveryCodeCount);
}

TEST(RecoveryCodes, NormalizeWhatPeopleTypeToOneForm) {
  const auto codes = GenerateRecoveryCodes();
  const auto canonical = NormalizeRecoveryCode(codes[0]);
  ASSERT_TRUE(canonical);
  EXPECT_EQ(canonical->size(), 16u);
  std::string shouted = codes[0];
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(NormalizeRecoveryCode(shouted), canonical);
  std::string spaced = codes[0];
  for (auto& c : spaced) c = c == '-' ? ' ' : c;
  EXPECT_EQ(NormalizeRecoveryCode(spaced), canonical);
  EXPECT_EQ(HashRecoveryCode(*NormalizeRecoveryCode(shouted)), HashRecoveryCode(*canonical));
}

TEST(RecoveryCodes, RefuseWhatCannotBeOne) {
  EXPECT_FALSE(NormalizeRecoveryCode(""));
  EXPECT_FALSE(NormalizeRecoveryCode("123456"));
  EXPECT_FALSE(NormalizeRecoveryCode("abcd-efgh-ijk8-mnop"));  // 8 is not base32
  EXPECT_FALSE(NormalizeRecoveryCode("abcd-efgh-ijkm-nopq-r"));
  EXPECT_FALSE(NormalizeRecoveryCode(std::string(1000, 'a')));
  EXPECT_TRUE(NormalizeRecoveryCode("abcd-efgh-ijkm-nopq"));
}

TEST(RecoveryCodes, HashIsHexSha256AndNotTheRefreshTokenHashOfTheSameText) {
  const std::string hash = HashRecoveryCode("abcdefghijkmnopq");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_NE(hash, HashRecoveryCode("abcdefghijkmnopr"));
}

}  // namespace
}  // namespace lenslet::auth

#include "auth/totp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::auth {
namespace {

// The SHA-1 seed of RFC 6238 appendix B: the ASCII digits "1234567890" twice.
const std::string kRfcSecret = "12345678901234567890";

struct Vector {
  std::int64_t unix_seconds;
  const char* code;  // 8 digits, as the RFC's table prints them
};

TEST(Totp, MatchesTheRfc6238AppendixBVectorsForSha1) {
  const Vector vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.unix_seconds), 8), v.code) << v.unix_seconds;
    // Six digits are the last six of the same truncation.
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.unix_seconds)), std::string(v.code).substr(2)) << v.unix_seconds;
  }
}

TEST(Totp, CountsStepsOfThirtySecondsFromTheEpoch) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(1111111109), 0x23523EC);  // the RFC's T column
  EXPECT_EQ(TotpStep(-1), -1);
}

TEST(Totp, AcceptsOneStepOfSkewEitherWayAndNoMore) {
  const std::int64_t now = 1'700'000'015;
  const std::int64_t step = TotpStep(now);
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step), now, 0), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, 0), step - 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, 0), step + 1);
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 2), now, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 2), now, 0));
}

TEST(Totp, RefusesAStepAlreadyUsedOrOlder) {
  const std::int64_t now = 1'700'000'015;
  const std::int64_t step = TotpStep(now);
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step), now, step));
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, step));
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, step), step + 1);
}

TEST(Totp, RefusesWhatIsNotSixDigits) {
  const std::int64_t now = 1'700'000'015;
  const std::string code = TotpCode(kRfcSecret, TotpStep(now));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code + "0", now, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code.substr(1), now, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, " " + code.substr(1), now, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "", now, 0));
  EXPECT_FALSE(MatchTotp("", code, now, 0));
  EXPECT_FALSE(LooksLikeTotpCode("12345a"));
  EXPECT_FALSE(LooksLikeTotpCode("１２３４５６"));  // full-width digits
  EXPECT_TRUE(LooksLikeTotpCode("012345"));
}

TEST(Totp, PadsShortCodesWithZeros) {
  // Over many steps some code starts with 0; it must still have 6 characters.
  bool saw_leading_zero = false;
  for (std::int64_t step = 0; step < 200; ++step) {
    const std::string code = TotpCode(kRfcSecret, step);
    ASSERT_EQ(code.size(), 6u);
    saw_leading_zero = saw_leading_zero || code[0] == '0';
  }
  EXPECT_TRUE(saw_leading_zero);
}

}  // namespace
}  // namespace lenslet::auth

#include "auth/verified_tokens.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::auth {
namespace {

AccessClaims Claims(std::int64_t user, std::int64_t issued_at = 1'000, std::int64_t expires_at = 1'900) {
  return AccessClaims{core::UserId(user), core::SessionId(user * 10), issued_at, expires_at};
}

TEST(VerifiedTokens, ARememberedTokenGivesBackItsClaims) {
  VerifiedTokens tokens(4);
  tokens.Put("a.b.c", Claims(7));
  const auto found = tokens.Find("a.b.c", 1'100, 60);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user, core::UserId(7));
  EXPECT_EQ(found->session, core::SessionId(70));
  EXPECT_EQ(found->expires_at, 1'900);
}

TEST(VerifiedTokens, ATokenThatDiffersInOneByteIsUnknown) {
  VerifiedTokens tokens(4);
  tokens.Put("a.b.c", Claims(7));
  EXPECT_FALSE(tokens.Find("a.b.d", 1'100, 60).has_value());
  EXPECT_FALSE(tokens.Find("a.b.c ", 1'100, 60).has_value());
  EXPECT_FALSE(tokens.Find("a.b.", 1'100, 60).has_value());
}

TEST(VerifiedTokens, AnExpiredTokenIsForgotten) {
  VerifiedTokens tokens(4);
  tokens.Put("a.b.c", Claims(7, 1'000, 1'900));
  EXPECT_TRUE(tokens.Find("a.b.c", 1'899, 60).has_value());
  EXPECT_FALSE(tokens.Find("a.b.c", 1'900, 60).has_value());
  EXPECT_EQ(tokens.size(), 0u);
  // Even with the clock set back: verified again from scratch.
  EXPECT_FALSE(tokens.Find("a.b.c", 1'100, 60).has_value());
}

TEST(VerifiedTokens, AClockSetBackBeforeTheTokenWasIssuedRefusesIt) {
  VerifiedTokens tokens(4);
  tokens.Put("a.b.c", Claims(7, 1'000, 1'900));
  EXPECT_FALSE(tokens.Find("a.b.c", 900, 60).has_value());
  EXPECT_TRUE(tokens.Find("a.b.c", 940, 60).has_value());
}

TEST(VerifiedTokens, TheLeastRecentlyUsedTokenMakesRoom) {
  VerifiedTokens tokens(2);
  tokens.Put("one", Claims(1));
  tokens.Put("two", Claims(2));
  ASSERT_TRUE(tokens.Find("one", 1'100, 60).has_value());  // "two" is now the oldest
  tokens.Put("three", Claims(3));
  EXPECT_EQ(tokens.size(), 2u);
  EXPECT_TRUE(tokens.Find("one", 1'100, 60).has_value());
  EXPECT_FALSE(tokens.Find("two", 1'100, 60).has_value());
  EXPECT_TRUE(tokens.Find("three", 1'100, 60).has_value());
}

TEST(VerifiedTokens, PuttingATokenAgainKeepsOneEntry) {
  VerifiedTokens tokens(2);
  tokens.Put("one", Claims(1));
  tokens.Put("one", Claims(1));
  EXPECT_EQ(tokens.size(), 1u);
}

}  // namespace
}  // namespace lenslet::auth

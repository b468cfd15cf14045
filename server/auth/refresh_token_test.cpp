#include "auth/refresh_token.hpp"

#include <gtest/gtest.h>

#include <set>

#include "auth/detail/encoding.hpp"

namespace lenslet::auth {
namespace {

TEST(RefreshToken, Is43Base64UrlCharactersOf32RandomBytes) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = GenerateRefreshToken();
    EXPECT_EQ(token.size(), kRefreshTokenLength);
    EXPECT_TRUE(LooksLikeRefreshToken(token)) << token;
    const auto bytes = detail::Base64UrlDecode(token);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->size(), kRefreshTokenBytes);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(RefreshToken, HashIsSha256Hex) {
  // SHA-256("abc") from FIPS 180-2.
  EXPECT_EQ(HashRefreshToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string token = GenerateRefreshToken();
  EXPECT_EQ(HashRefreshToken(token), HashRefreshToken(token));
  EXPECT_EQ(HashRefreshToken(token).size(), 64u);
}

TEST(RefreshToken, ShapeCheck) {
  EXPECT_FALSE(LooksLikeRefreshToken(""));
  EXPECT_FALSE(LooksLikeRefreshToken(std::string(42, 'a')));
  EXPECT_FALSE(LooksLikeRefreshToken(std::string(44, 'a')));
  EXPECT_FALSE(LooksLikeRefreshToken(std::string(42, 'a') + "="));
  EXPECT_FALSE(LooksLikeRefreshToken(std::string(42, 'a') + "+"));
  EXPECT_TRUE(LooksLikeRefreshToken(std::string(41, 'a') + "-_"));
}

TEST(Base64Url, RoundTripsAndIsStrict) {
  for (const std::string& bytes : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                                   std::string("\xff\xfe\x00\x01", 4)}) {
    const auto decoded = detail::Base64UrlDecode(detail::Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(detail::Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(detail::Base64UrlDecode("Zg=="));  // padding
  EXPECT_FALSE(detail::Base64UrlDecode("Zh"));    // non-zero trailing bits: a second spelling of "f"
  EXPECT_FALSE(detail::Base64UrlDecode("+/8"));   // the other alphabet
  EXPECT_FALSE(detail::Base64UrlDecode("Zm 9v"));
  EXPECT_FALSE(detail::Base64UrlDecode("Z"));
}

}  // namespace
}  // namespace lenslet::auth

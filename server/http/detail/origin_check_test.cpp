#include "http/detail/origin_check.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

TEST(NormalizeOrigin, LowercasesAndDropsDefaultPorts) {
  EXPECT_EQ(NormalizeOrigin("HTTPS://Example.COM:443/path?q"), "https://example.com");
  EXPECT_EQ(NormalizeOrigin("http://example.com:80"), "http://example.com");
  EXPECT_EQ(NormalizeOrigin("http://example.com:8080/"), "http://example.com:8080");
  EXPECT_EQ(NormalizeOrigin("http://[::1]:8081"), "http://[::1]:8081");
  EXPECT_EQ(NormalizeOrigin("http://user:pw@example.com/"), "http://example.com");
  EXPECT_EQ(NormalizeOrigin("null"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("ftp://example.com"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("http://"), std::nullopt);
  EXPECT_EQ(NormalizeOrigin("http://example.com:x"), std::nullopt);
}

constexpr std::string_view kHost = "lenslet.test:8081";

TEST(OriginAllowed, ReadsAreNeverChecked) {
  EXPECT_TRUE(OriginAllowed(Method::kGet, "https://evil.test", "", kHost, ""));
  EXPECT_TRUE(OriginAllowed(Method::kHead, "null", "", kHost, ""));
}

TEST(OriginAllowed, WritesWithoutOriginOrRefererAreAccepted) {
  EXPECT_TRUE(OriginAllowed(Method::kPost, "", "", kHost, ""));
  EXPECT_TRUE(OriginAllowed(Method::kDelete, "", "", kHost, "https://lenslet.example"));
}

TEST(OriginAllowed, SameHostOverHttpOrHttpsWithoutPublicUrl) {
  EXPECT_TRUE(OriginAllowed(Method::kPost, "http://lenslet.test:8081", "", kHost, ""));
  EXPECT_TRUE(OriginAllowed(Method::kPatch, "https://lenslet.test:8081", "", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kPost, "http://lenslet.test:9999", "", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kPut, "https://evil.test", "", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kPost, "http://lenslet.test:8081", "", "", ""));
}

TEST(OriginAllowed, PublicUrlDecides) {
  const std::string_view pub = "https://photos.example.com/";
  EXPECT_TRUE(OriginAllowed(Method::kPost, "https://photos.example.com", "", "internal:8081", pub));
  EXPECT_FALSE(OriginAllowed(Method::kPost, "http://photos.example.com", "", "internal:8081", pub));
  EXPECT_FALSE(OriginAllowed(Method::kPost, "http://internal:8081", "", "internal:8081", pub));
}

TEST(OriginAllowed, RefererIsUsedWithoutOrigin) {
  EXPECT_TRUE(OriginAllowed(Method::kPost, "", "http://lenslet.test:8081/p/1?x", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kPost, "", "https://evil.test/lenslet.test:8081", kHost, ""));
  // Origin wins over Referer when both are present.
  EXPECT_FALSE(OriginAllowed(Method::kPost, "https://evil.test", "http://lenslet.test:8081/", kHost, ""));
}

TEST(OriginAllowed, NullAndGarbageOriginsAreRefused) {
  EXPECT_FALSE(OriginAllowed(Method::kPost, "null", "", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kDelete, "garbage", "", kHost, ""));
  EXPECT_FALSE(OriginAllowed(Method::kOther, "https://evil.test", "", kHost, ""));
}

}  // namespace
}  // namespace lenslet::http::detail

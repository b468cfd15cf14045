#include "http/detail/security_headers.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(SecurityHeaders, AllPresent) {
  Response r = Response::NoContent();
  AddSecurityHeaders(r);
  EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(r, "Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(HeaderOf(r, "Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
}

TEST(SecurityHeaders, HandlerChoicesAreKept) {
  Response r = Response::NoContent();
  r.WithHeader("x-frame-options", "SAMEORIGIN").WithHeader("Cache-Control", "private, max-age=60");
  AddSecurityHeaders(r);
  AddApiCacheControl(r);
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "private, max-age=60");
  Response plain = Response::NoContent();
  AddApiCacheControl(plain);
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "no-store");
}

}  // namespace
}  // namespace lenslet::http::detail

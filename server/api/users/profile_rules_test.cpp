#include "api/users/profile_rules.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::api::users {
namespace {

std::string FieldOfError(void (*fn)()) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue);
    return e.field();
  }
  return "no error";
}

TEST(ProfileRulesTest, BioIsTrimmedAndAtMost150CodePoints) {
  EXPECT_EQ(ValidateBio("  hello\nworld  "), "hello\nworld");
  EXPECT_EQ(ValidateBio(""), "");
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "é";  // 300 bytes, 150 code points
  EXPECT_EQ(ValidateBio(accents), accents);
  EXPECT_EQ(FieldOfError([] { ValidateBio(std::string(151, 'x')); }), "bio");
  EXPECT_EQ(FieldOfError([] { ValidateBio("bell\x07"); }), "bio");
  EXPECT_EQ(FieldOfError([] { ValidateBio("\xff\xfe"); }), "bio");
}

TEST(ProfileRulesTest, WebsiteIsEmptyOrAnHttpUrl) {
  EXPECT_EQ(ValidateWebsite(""), "");
  EXPECT_EQ(ValidateWebsite("   "), "");
  EXPECT_EQ(ValidateWebsite(" https://example.org/me?x=1 "), "https://example.org/me?x=1");
  EXPECT_EQ(ValidateWebsite("HTTP://example.org"), "HTTP://example.org");
  EXPECT_EQ(ValidateWebsite("http://example.org:8080"), "http://example.org:8080");
  EXPECT_EQ(ValidateWebsite("https://" + std::string(192, 'a')), "https://" + std::string(192, 'a'));
  for (const char* bad : {"example.org", "javascript:alert(1)", "ftp://example.org", "https://",
                          "https:///path", "https://user:pw@evil.example", "https://exa mple.org",
                          "https://exämple.org", "https://example.org/<script>", "data:text/html,hi"}) {
    try {
      ValidateWebsite(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.field(), "website") << bad;
    }
  }
  EXPECT_EQ(FieldOfError([] { ValidateWebsite("https://" + std::string(193, 'a')); }), "website");
}

}  // namespace
}  // namespace lenslet::api::users

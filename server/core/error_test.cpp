#include "core/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lenslet::core {
namespace {

TEST(ErrorTest, EachCodeHasAStableWireNameAndStatus) {
  EXPECT_EQ(Describe(ErrorCode::kMalformedJson).wire_code, "malformed_json");
  EXPECT_EQ(Describe(ErrorCode::kMalformedJson).http_status, 400);
  EXPECT_EQ(Describe(ErrorCode::kUnauthenticated).http_status, 401);
  EXPECT_EQ(Describe(ErrorCode::kForeignOrigin).http_status, 403);
  EXPECT_EQ(Describe(ErrorCode::kNotFound).http_status, 404);
  EXPECT_EQ(Describe(ErrorCode::kUsernameTaken).http_status, 409);
  EXPECT_EQ(Describe(ErrorCode::kPayloadTooLarge).http_status, 413);
  EXPECT_EQ(Describe(ErrorCode::kInvalidValue).http_status, 422);
  EXPECT_EQ(Describe(ErrorCode::kRateLimited).http_status, 429);
  EXPECT_EQ(Describe(ErrorCode::kInternal).http_status, 500);
  EXPECT_EQ(Describe(ErrorCode::kUnavailable).http_status, 503);
  EXPECT_EQ(Describe(ErrorCode::kInsufficientStorage).http_status, 507);
  EXPECT_EQ(Describe(ErrorCode::kAccountPending).http_status, 403);
  EXPECT_EQ(Describe(ErrorCode::kRegistrationClosed).http_status, 403);
  EXPECT_EQ(Describe(ErrorCode::kAccountSuspended).http_status, 403);
  EXPECT_EQ(Describe(ErrorCode::kTokenInvalid).http_status, 400);
  EXPECT_EQ(Describe(ErrorCode::kTokenExpired).http_status, 410);
  EXPECT_EQ(Describe(ErrorCode::kTokenUsed).http_status, 410);
  EXPECT_EQ(Describe(ErrorCode::kTwoFactorRequired).http_status, 401);
}

TEST(ErrorTest, WireNamesAreUniqueSnakeCase) {
  std::set<std::string_view> seen;
  for (int i = 0; i <= static_cast<int>(ErrorCode::kTwoFactorRequired); ++i) {
    const auto name = Describe(static_cast<ErrorCode>(i)).wire_code;
    EXPECT_TRUE(seen.insert(name).second) << name;
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
  }
}

TEST(ErrorTest, InternalDetailIsKeptApartFromTheMessage) {
  const Error e(ErrorCode::kUnavailable, "try later", {}, "pg: connection refused");
  EXPECT_EQ(e.message(), "try later");
  EXPECT_EQ(e.internal(), "pg: connection refused");
  EXPECT_STREQ(e.what(), "try later");
  EXPECT_EQ(e.http_status(), 503);
}

TEST(ErrorTest, ThrowInvalidNamesTheField) {
  try {
    ThrowInvalid("username", "too short");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidValue);
    EXPECT_EQ(e.field(), "username");
  }
}

}  // namespace
}  // namespace lenslet::core

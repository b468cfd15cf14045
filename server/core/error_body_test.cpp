#include "core/error_body.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace lenslet::core {
namespace {

std::string Render(const Error& error) { return boost::json::serialize(ErrorBody(error)); }

TEST(ErrorBody, CodeAndMessageOnly) {
  EXPECT_EQ(Render(Error(ErrorCode::kNotFound, "No such post")),
            R"({"error":{"code":"not_found","message":"No such post"}})");
}

TEST(ErrorBody, FieldWhenThereIsOne) {
  EXPECT_EQ(Render(Error(ErrorCode::kInvalidValue, "Too long", "caption")),
            R"({"error":{"code":"invalid_value","message":"Too long","field":"caption"}})");
}

TEST(ErrorBody, RetryAfterWhenSet) {
  Error error(ErrorCode::kRateLimited, "Slow down");
  error.retry_after_seconds = 30;
  EXPECT_EQ(Render(error), R"({"error":{"code":"rate_limited","message":"Slow down","retryAfter":30}})");
}

TEST(ErrorBody, UntilOfASuspension) {
  Error error(ErrorCode::kAccountSuspended, "Suspended");
  error.until = "2030-01-02T03:04:05.000Z";
  EXPECT_EQ(Render(error),
            R"({"error":{"code":"account_suspended","message":"Suspended","until":"2030-01-02T03:04:05.000Z"}})");
}

TEST(ErrorBody, ChallengeOfATwoFactorLoginBesideTheError) {
  Error error(ErrorCode::kTwoFactorRequired, "Enter the code");
  error.challenge = "abc";
  EXPECT_EQ(Render(error),
            R"({"error":{"code":"two_factor_required","message":"Enter the code"},"challenge":"abc"})");
}

TEST(ErrorBody, NeverTheInternalDetail) {
  EXPECT_EQ(Render(Error(ErrorCode::kInternal, "Something went wrong", {}, "db password is hunter2"))
                .find("hunter2"),
            std::string::npos);
}

}  // namespace
}  // namespace lenslet::core

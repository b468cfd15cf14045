#include "http/detail/error_envelope.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lenslet::http::detail {
namespace {

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(RenderError, EnvelopeWithField) {
  const Response r =
      RenderError(core::Error(core::ErrorCode::kInvalidValue, "Too long", "caption", "secret detail"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body, R"({"error":{"code":"invalid_value","message":"Too long","field":"caption"}})");
}

TEST(RenderError, NoFieldWhenEmptyAndRetryAfter) {
  core::Error error(core::ErrorCode::kRateLimited, "Slow down");
  error.retry_after_seconds = 30;
  const Response r = RenderError(error);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body, R"({"error":{"code":"rate_limited","message":"Slow down","retryAfter":30}})");
  EXPECT_EQ(HeaderOf(r, "Retry-After"), "30");
}

TEST(RenderException, CoreErrorKeepsItsStatusButNotItsInternal) {
  const Response r = RenderException(
      std::make_exception_ptr(core::Error(core::ErrorCode::kNotFound, "No such post", {}, "post 9 private")),
      "id1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("private"), std::string::npos);
}

TEST(RenderException, AnythingElseIsAnOpaque500) {
  const Response r =
      RenderException(std::make_exception_ptr(std::runtime_error("db password is hunter2")), "id2");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find(R"("code":"internal")"), std::string::npos);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(RenderException(std::make_exception_ptr(42), "id3").status, 500);
}

}  // namespace
}  // namespace lenslet::http::detail

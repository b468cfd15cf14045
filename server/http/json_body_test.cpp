#include "http/json_body.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

Request WithBody(std::string body, std::string content_type = "application/json") {
  Request r;
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

core::ErrorCode CodeOf(const Request& r) {
  try {
    ParseJsonObject(r);
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return core::ErrorCode::kInternal;
}

TEST(ParseJsonObject, ReadsAnObject) {
  const auto object = ParseJsonObject(WithBody(R"({"text":"hi","n":2})"));
  EXPECT_EQ(object.at("text").as_string(), "hi");
  EXPECT_EQ(object.at("n").as_int64(), 2);
}

TEST(ParseJsonObject, MissingContentTypeAndCharsetAreFine) {
  EXPECT_NO_THROW(ParseJsonObject(WithBody("{}", "")));
  EXPECT_NO_THROW(ParseJsonObject(WithBody("{}", "application/json; charset=utf-8")));
}

TEST(ParseJsonObject, MalformedOrNotAnObject) {
  EXPECT_EQ(CodeOf(WithBody("{")), core::ErrorCode::kMalformedJson);
  EXPECT_EQ(CodeOf(WithBody("")), core::ErrorCode::kMalformedJson);
  EXPECT_EQ(CodeOf(WithBody("[1,2]")), core::ErrorCode::kMalformedJson);
  EXPECT_EQ(CodeOf(WithBody("\"s\"")), core::ErrorCode::kMalformedJson);
  EXPECT_EQ(CodeOf(WithBody("{} trailing")), core::ErrorCode::kMalformedJson);
}

// Found by fuzz/json_body_fuzz.cpp: Boost.JSON reads 1e400 as infinity and
// serializes it as `Infinity`, which no JSON reader accepts.
TEST(ParseJsonObject, NumbersBeyondDoubleRangeAreMalformed) {
  EXPECT_EQ(CodeOf(WithBody(R"({"n":1e400})")), core::ErrorCode::kMalformedJson);
  EXPECT_EQ(CodeOf(WithBody(R"({"a":[1,{"b":-18446444444e7446}]})")), core::ErrorCode::kMalformedJson);
  const auto object = ParseJsonObject(WithBody(R"({"small":1e-400,"big":1.7e308,"n":18446744073709551616})"));
  EXPECT_EQ(object.at("small").as_double(), 0.0);
  EXPECT_EQ(object.at("big").as_double(), 1.7e308);
}

TEST(ParseJsonObject, FormsAreUnsupportedMediaType) {
  EXPECT_EQ(CodeOf(WithBody("{}", "multipart/form-data; boundary=x")),
            core::ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(CodeOf(WithBody("{}", "application/x-www-form-urlencoded")),
            core::ErrorCode::kUnsupportedMediaType);
}

}  // namespace
}  // namespace lenslet::http

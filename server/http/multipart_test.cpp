#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

Request Multipart(std::string body, std::string content_type = "multipart/form-data; boundary=XyZ") {
  Request r;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

core::ErrorCode CodeOf(const Request& r) {
  try {
    ParseMultipart(r);
  } catch (const core::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return core::ErrorCode::kInternal;
}

TEST(ParseMultipart, FieldsAndFile) {
  const std::string binary("\xFF\xD8\x00\r\n--Xy\x01", 10);
  const Request r = Multipart(
      "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a \\\"b\\\".jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      binary + "\r\n--XyZ--\r\nepilogue");
  const auto parts = ParseMultipart(r);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "text");
  EXPECT_EQ(parts[0].data, "hello");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_EQ(parts[1].name, "image");
  EXPECT_EQ(parts[1].filename, "a \"b\".jpg");
  EXPECT_EQ(parts[1].content_type, "image/jpeg");
  EXPECT_EQ(parts[1].data, binary);
  EXPECT_EQ(FindPart(parts, "image"), &parts[1]);
  EXPECT_EQ(FindPart(parts, "none"), nullptr);
}

TEST(ParseMultipart, QuotedBoundaryPreambleAndEmptyPart) {
  const Request r =
      Multipart("preamble\r\n--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--a b--",
                "multipart/form-data; boundary=\"a b\"");
  const auto parts = ParseMultipart(r);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "x");
  EXPECT_EQ(parts[0].data, "");
}

TEST(ParseMultipart, Errors) {
  EXPECT_EQ(CodeOf(Multipart("{}", "application/json")), core::ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(CodeOf(Multipart("x", "multipart/form-data")), core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated")),
            core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--")),
            core::ErrorCode::kBadRequest);
  EXPECT_EQ(CodeOf(Multipart("no boundary here")), core::ErrorCode::kBadRequest);
  std::string many;
  for (int i = 0; i < 17; ++i) many += "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  EXPECT_EQ(CodeOf(Multipart(many + "--XyZ--")), core::ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace lenslet::http

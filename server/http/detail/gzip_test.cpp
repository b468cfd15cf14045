#include "http/detail/gzip.hpp"

#include <gtest/gtest.h>

#include "http/detail/security_headers.hpp"

namespace lenslet::http::detail {
namespace {

std::string Big() {
  std::string text;
  for (int i = 0; i < 200; ++i) text += R"({"id":")" + std::to_string(i) + R"(","caption":"sunset"},)";
  return text;
}

TEST(Gzip, RoundTrip) {
  const std::string text = Big();
  const auto compressed = GzipCompress(text);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), text.size());
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[1]), 0x8b);
  EXPECT_EQ(GzipDecompress(*compressed), text);
  EXPECT_EQ(GzipDecompress(GzipCompress("").value()), "");
  EXPECT_EQ(GzipDecompress("not gzip"), std::nullopt);
}

TEST(Gzip, BothEffortsRoundTripAndTheKeptOneIsNoLarger) {
  // Incompressible bytes too: the output must still fit libdeflate's bound.
  std::string noise;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 50'000; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise.push_back(static_cast<char>(x & 0xff));
  }
  for (const std::string& text : {Big(), noise}) {
    const auto fast = GzipCompress(text, GzipEffort::kFast);
    const auto smallest = GzipCompress(text, GzipEffort::kSmallest);
    ASSERT_TRUE(fast && smallest);
    EXPECT_EQ(GzipDecompress(*fast), text);
    EXPECT_EQ(GzipDecompress(*smallest), text);
    EXPECT_LE(smallest->size(), fast->size());
  }
}

TEST(AcceptsEncoding, QValues) {
  EXPECT_TRUE(AcceptsEncoding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("deflate, GZIP;q=0.5", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("gzip;q=0", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("gzip; q=0.000, *", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("*", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("*;q=0", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("x-gzip", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("gzip, br", "br"));
}

TEST(MaybeGzip, CompressesLargeJsonWhenAccepted) {
  Response r = Response::Json(200, boost::json::string(Big()));
  const std::string original = r.body;
  MaybeGzip("gzip, br", r);
  EXPECT_TRUE(HasResponseHeader(r, "Content-Encoding"));
  EXPECT_TRUE(HasResponseHeader(r, "Vary"));
  EXPECT_EQ(GzipDecompress(r.body), original);
}

TEST(MaybeGzip, LeavesSmallBinaryRefusedOrEncodedAlone) {
  Response small = Response::Json(200, "tiny");
  MaybeGzip("gzip", small);
  EXPECT_FALSE(HasResponseHeader(small, "Content-Encoding"));

  Response binary;
  binary.content_type = "image/jpeg";
  binary.body = std::string(5000, 'x');
  MaybeGzip("gzip", binary);
  EXPECT_FALSE(HasResponseHeader(binary, "Content-Encoding"));

  Response refused = Response::Json(200, boost::json::string(Big()));
  MaybeGzip("gzip;q=0", refused);
  EXPECT_FALSE(HasResponseHeader(refused, "Content-Encoding"));
  EXPECT_TRUE(HasResponseHeader(refused, "Vary"));  // caches must still key on it

  Response encoded = Response::Json(200, boost::json::string(Big()));
  encoded.WithHeader("Content-Encoding", "br");
  const std::string before = encoded.body;
  MaybeGzip("gzip", encoded);
  EXPECT_EQ(encoded.body, before);
}

}  // namespace
}  // namespace lenslet::http::detail

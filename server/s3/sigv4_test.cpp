// AWS's published Signature V4 examples: the generic "get-vanilla" family of
// the SigV4 test suite (service "service", 2015-08-30) and the S3 examples of
// "Signature Calculations for the Authorization Header" (2013-05-24). The
// expected signatures are AWS's, not computed by this code.
#include "s3/sigv4.hpp"

#include <gtest/gtest.h>

namespace lenslet::s3 {
namespace {

const Credentials kSuiteKeys{"AKIDEXAMPLE", core::Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")};
const Scope kSuiteScope{"us-east-1", "service"};
constexpr std::string_view kSuiteDate = "20150830T123600Z";

RequestToSign SuiteRequest(std::string method, std::string path,
                           std::vector<std::pair<std::string, std::string>> query = {}) {
  return {.method = std::move(method),
          .encoded_path = std::move(path),
          .query = std::move(query),
          .headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kSuiteDate)}},
          .payload_hash = std::string(kEmptySha256)};
}

TEST(SigV4Test, GetVanilla) {
  const auto out = SignV4(SuiteRequest("GET", "/"), kSuiteKeys, kSuiteScope, kSuiteDate);
  EXPECT_EQ(out.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(out.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(out.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, GetVanillaQueryOrderKeyCase) {
  const auto out = SignV4(SuiteRequest("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}), kSuiteKeys,
                          kSuiteScope, kSuiteDate);
  EXPECT_EQ(out.signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4Test, GetUtf8) {
  const auto out = SignV4(SuiteRequest("GET", "/" + UriEncode("\xe1\x88\xb4", false)), kSuiteKeys, kSuiteScope,
                          kSuiteDate);
  EXPECT_EQ(out.signature, "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(SigV4Test, PostVanilla) {
  const auto out = SignV4(SuiteRequest("POST", "/"), kSuiteKeys, kSuiteScope, kSuiteDate);
  EXPECT_EQ(out.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

const Credentials kS3Keys{"AKIAIOSFODNN7EXAMPLE", core::Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")};
const Scope kS3Scope{"us-east-1", "s3"};
constexpr std::string_view kS3Date = "20130524T000000Z";

TEST(SigV4Test, S3GetObjectWithRange) {
  const RequestToSign request{.method = "GET",
                              .encoded_path = "/test.txt",
                              .query = {},
                              .headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                                          {"Range", "bytes=0-9"},
                                          {"x-amz-content-sha256", std::string(kEmptySha256)},
                                          {"x-amz-date", std::string(kS3Date)}},
                              .payload_hash = std::string(kEmptySha256)};
  const auto out = SignV4(request, kS3Keys, kS3Scope, kS3Date);
  EXPECT_EQ(out.signed_headers, "host;range;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(out.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, S3PutObjectSignsTheBodyHashAndEncodesTheKey) {
  const std::string body = "Welcome to Amazon S3.";
  const std::string hash = Sha256Hex(body);
  ASSERT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  const RequestToSign request{.method = "PUT",
                              .encoded_path = "/" + UriEncode("test$file.text", false),
                              .query = {},
                              .headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                                          {"Host", "examplebucket.s3.amazonaws.com"},
                                          {"x-amz-content-sha256", hash},
                                          {"x-amz-date", std::string(kS3Date)},
                                          {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                              .payload_hash = hash};
  const auto out = SignV4(request, kS3Keys, kS3Scope, kS3Date);
  EXPECT_EQ(out.canonical_request.substr(0, 22), "PUT\n/test%24file.text\n");
  EXPECT_EQ(out.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4Test, S3ListObjectsEncodesAndSortsTheQuery) {
  const RequestToSign request{.method = "GET",
                              .encoded_path = "/",
                              .query = {{"prefix", "J"}, {"max-keys", "2"}},
                              .headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                                          {"x-amz-content-sha256", std::string(kEmptySha256)},
                                          {"x-amz-date", std::string(kS3Date)}},
                              .payload_hash = std::string(kEmptySha256)};
  EXPECT_EQ(SignV4(request, kS3Keys, kS3Scope, kS3Date).signature,
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4Test, UriEncodeKeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(UriEncode("A-z_0.9~", true), "A-z_0.9~");
  EXPECT_EQ(UriEncode("a b+c", false), "a%20b%2Bc");
  EXPECT_EQ(UriEncode("a/b", false), "a/b");
  EXPECT_EQ(UriEncode("a/b", true), "a%2Fb");
  EXPECT_EQ(UriEncode("=&?#%", true), "%3D%26%3F%23%25");
}

TEST(SigV4Test, AmzDateIsCompactUtc) {
  EXPECT_EQ(AmzDate(std::chrono::system_clock::time_point(std::chrono::seconds(1440938160))), "20150830T123600Z");
}

}  // namespace
}  // namespace lenslet::s3

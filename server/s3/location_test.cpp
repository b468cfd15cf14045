#include "s3/location.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "s3/client.hpp"

namespace lenslet::s3 {
namespace {

TEST(LocationTest, ReadsBucketPrefixEndpointAndRegion) {
  const auto location = ParseLocation("s3://media-bucket/lenslet/prod/?endpoint=http://127.0.0.1:9000&region=eu-west-3");
  EXPECT_EQ(location.bucket, "media-bucket");
  EXPECT_EQ(location.prefix, "lenslet/prod");
  EXPECT_EQ(location.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(location.host, "127.0.0.1:9000");
  EXPECT_EQ(location.region, "eu-west-3");
  EXPECT_EQ(location.ObjectKey("ab/cd/x.webp"), "lenslet/prod/ab/cd/x.webp");
}

TEST(LocationTest, DefaultsToAwsAndNoPrefix) {
  const auto location = ParseLocation("s3://photos");
  EXPECT_EQ(location.prefix, "");
  EXPECT_EQ(location.region, "us-east-1");
  EXPECT_EQ(location.endpoint, "https://s3.us-east-1.amazonaws.com");
  EXPECT_EQ(location.ObjectKey("ab/cd/x.webp"), "ab/cd/x.webp");
}

TEST(LocationTest, RefusesWhatS3OrPathsWouldNot) {
  for (const char* bad : {
           "",
           "http://bucket/prefix",
           "s3://",
           "s3://ab",                                   // too short
           "s3://Upper_Case",                           // not a bucket name
           "s3://bucket..x",                            //
           "s3://-bucket",                              //
           "s3://key:secret@bucket",                    // keys belong in the environment
           "s3://bucket:9000",                          // the port belongs to the endpoint
           "s3://bucket/a/../b",                        // no path tricks in the prefix
           "s3://bucket/a//b",                          //
           "s3://bucket/a%2Fb",                         //
           "s3://bucket/a b",                           //
           "s3://bucket?endpoint=ftp://host",           //
           "s3://bucket?endpoint=http://host/path",     // path-style requests need a bare endpoint
           "s3://bucket?endpoint=http://",              //
           "s3://bucket?endpoint=not a url",            //
           "s3://bucket?region=EU%20West",              //
           "s3://bucket?endpont=http://host:9000",      // a typo is refused, not ignored
       }) {
    EXPECT_THROW(ParseLocation(bad), std::invalid_argument) << bad;
  }
}

TEST(LocationTest, MessageNamesTheProblem) {
  try {
    ParseLocation("s3://bucket?endpoint=ftp://host");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("http:// or https://"), std::string::npos) << e.what();
  }
}

TEST(ListingTest, ReadsKeysAndSizesOfAListObjectsV2Answer) {
  const auto objects = ParseListing(
      "<?xml version=\"1.0\"?><ListBucketResult><Name>b</Name><KeyCount>2</KeyCount>"
      "<Contents><Key>p/ab/cd/1.webp</Key><LastModified>x</LastModified><ETag>&quot;e&quot;</ETag>"
      "<Size>120</Size></Contents><Contents><Key>p/a&amp;b</Key><Size>7</Size></Contents></ListBucketResult>");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].key, "p/ab/cd/1.webp");
  EXPECT_EQ(objects[0].size, 120u);
  EXPECT_EQ(objects[1].key, "p/a&b");
  EXPECT_EQ(objects[1].size, 7u);
  EXPECT_TRUE(ParseListing("<ListBucketResult></ListBucketResult>").empty());
}

}  // namespace
}  // namespace lenslet::s3

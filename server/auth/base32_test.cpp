#include "auth/base32.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace lenslet::auth {
namespace {

// RFC 4648 section 10.
const std::vector<std::pair<std::string, std::string>> kRfc4648Vectors = {
    {"", ""},
    {"f", "MY======"},
    {"fo", "MZXQ===="},
    {"foo", "MZXW6==="},
    {"foob", "MZXW6YQ="},
    {"fooba", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI======"},
};

TEST(Base32, EncodesTheRfc4648Vectors) {
  for (const auto& [bytes, text] : kRfc4648Vectors) {
    EXPECT_EQ(Base32Encode(bytes), text) << bytes;
  }
}

TEST(Base32, LeavesPaddingOutWhenAsked) {
  EXPECT_EQ(Base32Encode("foobar", false), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("12345678901234567890", false), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, DecodesTheRfc4648VectorsWithAndWithoutPadding) {
  for (const auto& [bytes, text] : kRfc4648Vectors) {
    EXPECT_EQ(Base32Decode(text), bytes) << text;
    std::string bare = text;
    bare.erase(bare.find_last_not_of('=') + 1);
    EXPECT_EQ(Base32Decode(bare), bytes) << bare;
  }
}

TEST(Base32, DecodesWhatPeopleTypeFromTheScreen) {
  EXPECT_EQ(Base32Decode("mzxw 6ytb-oi"), "foobar");
  EXPECT_EQ(Base32Decode("MzXw6YtBoI"), "foobar");
}

TEST(Base32, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(Base32Decode(Base32Encode(bytes)), bytes);
    EXPECT_EQ(Base32Decode(Base32Encode(bytes, false)), bytes);
    bytes.push_back(static_cast<char>(i * 37 + 11));
  }
}

TEST(Base32, RefusesWhatNoByteStringEncodesTo) {
  EXPECT_FALSE(Base32Decode("MZXW6YTB1"));         // '1' is not in the alphabet
  EXPECT_FALSE(Base32Decode("M"));                 // 1 symbol: 5 bits, no byte
  EXPECT_FALSE(Base32Decode("MZX"));               // 3 symbols: impossible tail
  EXPECT_FALSE(Base32Decode("MZXW6Y"));            // 6 symbols: impossible tail
  EXPECT_FALSE(Base32Decode("MY="));                // padding that ends no group
  EXPECT_FALSE(Base32Decode("MZ======A"));         // a symbol after padding
  EXPECT_FALSE(Base32Decode("MZ=====-="));         // a separator inside padding
  EXPECT_FALSE(Base32Decode("========"));          // padding alone
  EXPECT_FALSE(Base32Decode("MZ\xc3\xa9"));        // not ASCII
  EXPECT_FALSE(Base32Decode(std::string("MZ\0Q", 4)));
}

TEST(Base32, RefusesNonZeroTrailingBits) {
  // "MY" is "f"; "MZ" would carry a stray bit after it.
  EXPECT_EQ(Base32Decode("MY"), "f");
  EXPECT_FALSE(Base32Decode("MZ"));
}

}  // namespace
}  // namespace lenslet::auth

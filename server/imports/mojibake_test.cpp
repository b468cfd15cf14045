// Instagram's mojibake (issue 14.8): UTF-8 bytes escaped one per \u00XX.
#include "imports/mojibake.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lenslet::imports {
namespace {

// What a JSON parser makes of the export's text.
std::string Parsed(std::string_view json_string) {
  return std::string(boost::json::parse(json_string).as_string());
}

TEST(MojibakeTest, DecodesEscapedUtf8BytesBackToText) {
  EXPECT_EQ(DecodeMojibake(Parsed(R"("caf\u00c3\u00a9")")), "café");
  // U+1F4F8 CAMERA WITH FLASH, four bytes.
  EXPECT_EQ(DecodeMojibake(Parsed(R"("\u00f0\u009f\u0093\u00b8 sunset")")), "\xF0\x9F\x93\xB8 sunset");
  EXPECT_EQ(DecodeMojibake(Parsed(R"("\u00e6\u009d\u00b1\u00e4\u00ba\u00ac #tokyo")")), "東京 #tokyo");
}

TEST(MojibakeTest, LeavesTextThatIsNotMojibakeAsItIs) {
  EXPECT_EQ(DecodeMojibake("plain ascii #tag"), "plain ascii #tag");
  EXPECT_EQ(DecodeMojibake(""), "");
  // Already proper UTF-8 with a code point above U+00FF: not mojibake.
  EXPECT_EQ(DecodeMojibake("東京 café"), "東京 café");
  // A real "é" (U+00E9) alone: as bytes 0xE9 is no UTF-8, so it stays.
  EXPECT_EQ(DecodeMojibake("caf\xC3\xA9"), "caf\xC3\xA9");
  // Truncated sequence inside the bytes: kept as it came.
  EXPECT_EQ(DecodeMojibake(Parsed(R"("\u00f0\u009f x")")), Parsed(R"("\u00f0\u009f x")"));
}

TEST(MojibakeTest, ValidatesUtf8Strictly) {
  EXPECT_TRUE(IsValidUtf8("héllo 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // cut short
}

}  // namespace
}  // namespace lenslet::imports

#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lenslet::core::utf8 {
namespace {

std::vector<char32_t> Scan(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) out.push_back(Next(text, i));
  return out;
}

TEST(Utf8, DecodesEveryLengthOfSequence) {
  EXPECT_EQ(Scan("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x93\xB7"), (std::vector<char32_t>{'a', 0xE9, 0x20AC, 0x1F4F7}));
  EXPECT_EQ(CountCodePoints("caf\xC3\xA9 \xF0\x9F\x93\xB7"), 6u);
  EXPECT_EQ(CountCodePoints(""), 0u);
}

TEST(Utf8, RefusesWhatIsNotWellFormed) {
  for (const std::string& bad : {
           std::string("\x80"),              // a continuation byte alone
           std::string("\xC3"),              // truncated
           std::string("\xE2\x82"),          // truncated
           std::string("\xC3\x28"),          // a lead without its continuation
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\xAF"),      // overlong '/'
           std::string("\xED\xA0\x80"),      // a UTF-16 surrogate
           std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
           std::string("\xFF"),
       }) {
    EXPECT_FALSE(CountCodePoints(bad).has_value()) << testing::PrintToString(bad);
    std::size_t i = 0;
    EXPECT_FALSE(TryNext(bad, i).has_value());
    EXPECT_EQ(i, 0u) << "a refusal does not advance";
  }
}

TEST(Utf8, ScansAnyInputOneReplacementPerBadByte) {
  EXPECT_EQ(Scan("a\xC0\xAF" "b"), (std::vector<char32_t>{'a', kReplacement, kReplacement, 'b'}));
  EXPECT_EQ(Scan("\xE2\x82"), (std::vector<char32_t>{kReplacement, kReplacement}));
  // A real U+FFFD is text, not an error.
  EXPECT_EQ(CountCodePoints("\xEF\xBF\xBD"), 1u);
}

TEST(Utf8, EncodesWhatItDecodes) {
  for (const char32_t cp : {char32_t{0}, char32_t{'z'}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF},
                            char32_t{0x800}, char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string encoded;
    Append(cp, encoded);
    std::size_t i = 0;
    EXPECT_EQ(TryNext(encoded, i), cp);
    EXPECT_EQ(i, encoded.size());
  }
  std::string out;
  Append(0xD800, out);
  Append(0x110000, out);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace lenslet::core::utf8

#include "api/posts/post_rules.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::api::posts {
namespace {

using Tags = std::vector<std::string>;

int StatusOf(auto fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    return e.http_status();
  }
  return 0;
}

TEST(HashtagsTest, LettersDigitsUnderscoreLowercasedDeduplicated) {
  EXPECT_EQ(ParseHashtags("Sunset at the #Beach, #beach again #golden_hour #2024!"),
            (Tags{"beach", "golden_hour", "2024"}));
  EXPECT_EQ(ParseHashtags("#a#b"), Tags{"a"});  // '#' inside a tag does not start one
  EXPECT_EQ(ParseHashtags("C# and mail#tag and # alone and ##double"), Tags{"double"});
  EXPECT_EQ(ParseHashtags("(#paren) #end."), (Tags{"paren", "end"}));
  EXPECT_TRUE(ParseHashtags("no tags here").empty());
}

TEST(HashtagsTest, UnicodeLettersAreTagCharacters) {
  EXPECT_EQ(ParseHashtags("#Café #МОСКВА #東京 #emoji😀"), (Tags{"café", "москва", "東京", "emoji"}));
}

TEST(HashtagsTest, TooLongIsNoTagAndAtMostThirty) {
  EXPECT_TRUE(ParseHashtags("#" + std::string(101, 'a')).empty());
  EXPECT_EQ(ParseHashtags("#" + std::string(100, 'a')).size(), 1u);
  std::string many;
  for (int i = 0; i < 40; ++i) many += "#t" + std::to_string(i) + " ";
  const auto tags = ParseHashtags(many);
  ASSERT_EQ(tags.size(), kMaxHashtags);
  EXPECT_EQ(tags.back(), "t29");
}

TEST(MentionsTest, UsernamesNotEmails) {
  EXPECT_EQ(ParseMentions("hi @Ann_B and @bob.smith. mail me at x@example.org, @ab too short, @ann_b again"),
            (Tags{"ann_b", "bob.smith"}));
  EXPECT_EQ(ParseMentions("@@carol (@dave)"), (Tags{"dave"}));
  EXPECT_TRUE(ParseMentions("@" + std::string(31, 'a')).empty());
}

TEST(TextRulesTest, CaptionLimitsInCodePoints) {
  EXPECT_EQ(ValidateCaption("  hello\nworld  "), "hello\nworld");
  EXPECT_EQ(ValidateCaption(""), "");
  std::string max;
  for (std::size_t i = 0; i < kCaptionMaxLength; ++i) max += "é";  // 2 bytes, 1 code point
  EXPECT_EQ(ValidateCaption(max), max);
  EXPECT_EQ(StatusOf([&] { ValidateCaption(max + "x"); }), 422);
  EXPECT_EQ(StatusOf([] { ValidateCaption("bad \xff utf8"); }), 422);
  EXPECT_EQ(StatusOf([] { ValidateCaption(std::string("nul\0", 4) + "x"); }), 422);
  EXPECT_EQ(StatusOf([] { ValidateAlt("two\nlines"); }), 422);
  EXPECT_EQ(StatusOf([] { ValidateAlt(std::string(1001, 'a')); }), 422);
  EXPECT_EQ(StatusOf([] { ValidateCommentText(" \n\t "); }), 422);
  EXPECT_EQ(ValidateCommentText(" nice "), "nice");
}

}  // namespace
}  // namespace lenslet::api::posts

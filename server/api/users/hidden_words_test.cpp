#include "api/users/hidden_words.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"

namespace lenslet::api::users {
namespace {

std::vector<std::string> Normalise(std::string_view json) {
  const auto value = boost::json::parse(json);
  return NormaliseHiddenWords(&value);
}

void ExpectRefused(std::string_view json) {
  try {
    Normalise(json);
    ADD_FAILURE() << json << " was accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue) << json;
    EXPECT_EQ(e.field(), "words") << json;
  }
}

TEST(HiddenWordsTest, EntriesAreTrimmedFoldedCollapsedDeduplicatedAndSorted) {
  EXPECT_EQ(Normalise(R"([" Spoiler ", "SPOILER", "Bad \t\n Word", "\u00a0x\u3000"])"),
            (std::vector<std::string>{"bad word", "spoiler", "x"}));
  EXPECT_EQ(Normalise(R"(["ÉCLAIR", "ΣΟΦΊΑ", "МОСКВА", "ŁÓDŹ", "Ÿ"])"),
            (std::vector<std::string>{"éclair", "ÿ", "łódź", "σοφία", "москва"}));
  EXPECT_TRUE(Normalise("[]").empty());
}

TEST(HiddenWordsTest, RefusesWhatIsNotAListOfShortNonBlankStrings) {
  ExpectRefused("null");
  ExpectRefused(R"("word")");
  ExpectRefused(R"({"a": "b"})");
  ExpectRefused("[1]");
  ExpectRefused(R"(["ok", null])");
  ExpectRefused(R"([["nested"]])");
  ExpectRefused(R"([""])");
  ExpectRefused(R"(["  \t "])");
  ExpectRefused(R"(["a\u0000b"])");
  ExpectRefused(R"(["a\u007fb"])");
  ExpectRefused("[\"" + std::string(51, 'a') + "\"]");
  std::string many = "[";
  for (int i = 0; i <= 100; ++i) many += (i ? ",\"w" : "\"w") + std::to_string(i) + "\"";
  ExpectRefused(many + "]");
  EXPECT_THROW(NormaliseHiddenWords(nullptr), core::Error);
  // 50 characters (not bytes) once trimmed is allowed.
  std::string fifty = "[\"  ";
  for (int i = 0; i < 50; ++i) fifty += "é";
  EXPECT_EQ(Normalise(fifty + "  \"]").size(), 1u);
}

TEST(HiddenWordsTest, WordsMatchWholeWordsWithoutRegardToCase) {
  const std::vector<std::string> words{"ass"};
  EXPECT_TRUE(ContainsHiddenWord("ASS!", words));
  EXPECT_TRUE(ContainsHiddenWord("you ass", words));
  EXPECT_TRUE(ContainsHiddenWord("(ass)", words));
  EXPECT_FALSE(ContainsHiddenWord("first class", words));
  EXPECT_FALSE(ContainsHiddenWord("assorted", words));
  EXPECT_FALSE(ContainsHiddenWord("ass_et", words));     // '_' joins words, as in usernames
  EXPECT_TRUE(ContainsHiddenWord("classy ass", words));  // a later occurrence counts
  EXPECT_FALSE(ContainsHiddenWord("", words));
  EXPECT_FALSE(ContainsHiddenWord("ass", {}));
}

TEST(HiddenWordsTest, PhrasesMatchAcrossAnyWhiteSpace) {
  const std::vector<std::string> words{"bad word"};
  EXPECT_TRUE(ContainsHiddenWord("what a BAD \n  Word.", words));
  EXPECT_FALSE(ContainsHiddenWord("bad wordsmith", words));
  EXPECT_FALSE(ContainsHiddenWord("badword", words));
}

TEST(HiddenWordsTest, NonAsciiLettersFoldAndKeepWordBoundaries) {
  EXPECT_TRUE(ContainsHiddenWord("Quel ÉCLAIR !", {"éclair"}));
  EXPECT_FALSE(ContainsHiddenWord("éclairs", {"éclair"}));
  EXPECT_TRUE(ContainsHiddenWord("ПРИВЕТ мир", {"привет"}));
  EXPECT_FALSE(ContainsHiddenWord("приветствую", {"привет"}));
  EXPECT_TRUE(ContainsHiddenWord("ΟΔΟΣ", {"οδοσ"}));  // final sigma folds to sigma
}

TEST(HiddenWordsTest, EmojiSymbolsAndUnspacedScriptsMatchAnywhere) {
  EXPECT_TRUE(ContainsHiddenWord("great💩", {"💩"}));
  EXPECT_TRUE(ContainsHiddenWord("💩💩", {"💩"}));
  EXPECT_FALSE(ContainsHiddenWord("great 👍", {"💩"}));
  EXPECT_TRUE(ContainsHiddenWord("这是垃圾内容", {"垃圾"}));
  EXPECT_TRUE(ContainsHiddenWord("so $$$ now", {"$$$"}));
  // A word beside an emoji is at a boundary.
  EXPECT_TRUE(ContainsHiddenWord("spoiler💥", {"spoiler"}));
}

TEST(HiddenWordsTest, MalformedTextNeverCrashesOrMatchesByAccident) {
  EXPECT_FALSE(ContainsHiddenWord(std::string("\xff\xfe ass\xc3"), {"bass"}));
  EXPECT_TRUE(ContainsHiddenWord(std::string("\xff ass \xc3"), {"ass"}));
}

}  // namespace
}  // namespace lenslet::api::users

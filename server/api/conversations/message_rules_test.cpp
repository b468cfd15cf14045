#include "api/conversations/message_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"

namespace lenslet::api::conversations {
namespace {

std::string FieldOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue);
    return e.field();
  }
  return "(no error)";
}

TEST(MessageRules, TextIsKeptAsTypedAndCountedInCodePoints) {
  EXPECT_EQ(ValidateMessageText("  hi\n", false), "  hi\n");
  EXPECT_EQ(ValidateMessageText(std::string(4000, 'a'), false).size(), 4000u);
  EXPECT_EQ(FieldOf([] { ValidateMessageText(std::string(4001, 'a'), false); }), "text");
  std::string emoji;
  for (int i = 0; i < 4000; ++i) emoji += "\xF0\x9F\x99\x82";  // 4,000 code points, 16,000 bytes
  EXPECT_NO_THROW(ValidateMessageText(emoji, false));
  EXPECT_EQ(FieldOf([&] { ValidateMessageText(emoji + "a", false); }), "text");
  EXPECT_EQ(FieldOf([] { ValidateMessageText("\xC3", false); }), "text");
  EXPECT_EQ(FieldOf([] { ValidateMessageText("bell\x07", false); }), "text");
  EXPECT_EQ(FieldOf([] { ValidateMessageText(" \n", false); }), "text");
  EXPECT_EQ(ValidateMessageText("", true), "");
}

TEST(MessageRules, ClientIds) {
  EXPECT_EQ(ValidateClientId("a"), "a");
  EXPECT_EQ(ValidateClientId(std::string(64, '~')).size(), 64u);
  EXPECT_EQ(FieldOf([] { ValidateClientId(""); }), "clientId");
  EXPECT_EQ(FieldOf([] { ValidateClientId(std::string(65, 'x')); }), "clientId");
  EXPECT_EQ(FieldOf([] { ValidateClientId("with space"); }), "clientId");
  EXPECT_EQ(FieldOf([] { ValidateClientId("caf\xC3\xA9"); }), "clientId");
}

TEST(MessageRules, Titles) {
  EXPECT_EQ(ValidateTitle("  Trip  "), "Trip");
  EXPECT_EQ(ValidateTitle("   "), std::nullopt);
  EXPECT_EQ(FieldOf([] { ValidateTitle(std::string(101, 'x')); }), "title");
  EXPECT_EQ(FieldOf([] { ValidateTitle("two\nlines"); }), "title");
}

TEST(MessageRules, Usernames) {
  const auto read = [](std::string_view json) { return ReadUsernames(boost::json::parse(json).as_object()); };
  EXPECT_EQ(read(R"({"usernames":["Ann","bob","ANN"]})"), (std::vector<std::string>{"ann", "bob"}));
  EXPECT_EQ(FieldOf([&] { read(R"({})"); }), "usernames");
  EXPECT_EQ(FieldOf([&] { read(R"({"usernames":[]})"); }), "usernames");
  EXPECT_EQ(FieldOf([&] { read(R"({"usernames":"ann"})"); }), "usernames");
  EXPECT_EQ(FieldOf([&] { read(R"({"usernames":[1]})"); }), "usernames");
  std::string many = R"({"usernames":[)";
  for (int i = 0; i < 32; ++i) many += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
  EXPECT_EQ(FieldOf([&] { read(many + "]}"); }), "usernames");
  EXPECT_EQ(read(many.substr(0, many.rfind(',')) + "]}").size(), 31u);
}

}  // namespace
}  // namespace lenslet::api::conversations

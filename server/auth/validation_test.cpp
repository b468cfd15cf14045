#include "auth/validation.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace lenslet::auth {
namespace {

// The field of the kInvalidValue error fn throws, or "" when it does not throw.
template <typename F>
std::string InvalidField(F fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue);
    EXPECT_FALSE(e.message().empty());
    return e.field();
  }
  return "";
}

TEST(ValidateUsername, AcceptsTheAllowedAlphabetAndLowercases) {
  EXPECT_EQ(ValidateUsername("alice"), "alice");
  EXPECT_EQ(ValidateUsername("Alice.Smith_99"), "alice.smith_99");
  EXPECT_EQ(ValidateUsername("_a_"), "_a_");
  EXPECT_EQ(ValidateUsername("a.b"), "a.b");
}

TEST(ValidateUsername, LengthEdges) {
  EXPECT_EQ(InvalidField([] { ValidateUsername("ab"); }), "username");
  EXPECT_EQ(ValidateUsername("abc"), "abc");
  EXPECT_EQ(ValidateUsername(std::string(30, 'a')), std::string(30, 'a'));
  EXPECT_EQ(InvalidField([] { ValidateUsername(std::string(31, 'a')); }), "username");
  EXPECT_EQ(InvalidField([] { ValidateUsername(""); }), "username");
}

TEST(ValidateUsername, RejectsCharactersOutsideTheAlphabet) {
  for (const char* bad : {"al ice", "al-ice", "al@ice", "alice!", "al/ice", "al\nice", "al\x01ice", "ålice",
                          "al%2e", "al\xffice"}) {
    EXPECT_EQ(InvalidField([&] { ValidateUsername(bad); }), "username") << bad;
  }
}

TEST(ValidateUsername, RejectsDotsAtTheEdgesOrDoubled) {
  for (const char* bad : {".alice", "alice.", "al..ice", "...", ".._"}) {
    EXPECT_EQ(InvalidField([&] { ValidateUsername(bad); }), "username") << bad;
  }
}

TEST(ValidateUsername, RejectsReservedNamesInAnyCase) {
  for (const char* bad :
       {"admin",    "ADMIN",  "Administrator", "api",     "explore", "login", "logout",
        "register", "signup", "settings",      "static",  "assets",  "media", "socket.io",
        "help",     "about",  "root",          "support", "lenslet", "www",   "accounts",
        "direct",   "inbox",  "notifications", "search",  "tags",    "null",  "undefined",
        "moderation", "server", "requests", "imports"}) {
    EXPECT_EQ(InvalidField([&] { ValidateUsername(bad); }), "username") << bad;
  }
  EXPECT_TRUE(IsReservedUsername("me"));
  EXPECT_TRUE(IsReservedUsername("p"));
  EXPECT_TRUE(IsReservedUsername("u"));
  EXPECT_FALSE(IsReservedUsername("alice"));
  EXPECT_FALSE(IsReservedUsername("admins"));
}

TEST(ValidateEmail, AcceptsOrdinaryAddressesAsGiven) {
  EXPECT_EQ(ValidateEmail("alice@example.com"), "alice@example.com");
  EXPECT_EQ(ValidateEmail("Alice.Smith+tag@Mail.Example.co.uk"), "Alice.Smith+tag@Mail.Example.co.uk");
  EXPECT_EQ(ValidateEmail("jörg@exämple.de"), "jörg@exämple.de");
}

TEST(ValidateEmail, RejectsMalformedAddresses) {
  for (const char* bad :
       {"", "alice", "alice@", "@example.com", "alice@example", "alice@@example.com", "al@ice@example.com",
        "alice @example.com", " alice@example.com", "alice@example.com ", "alice@exa\tmple.com",
        "alice@.example.com", "alice@example.com.", "alice@example..com", "alice\r\n@example.com",
        "<alice>@example.com", "alice@[127.0.0.1]", "\"a b\"@example.com", "al\xff@example.com"}) {
    EXPECT_EQ(InvalidField([&] { ValidateEmail(bad); }), "email") << bad;
  }
}

TEST(ValidateEmail, LengthEdges) {
  const std::string domain = "@example.com";  // 12 bytes
  // 254 bytes is the longest allowed; the local part may be at most 64.
  std::string longest = std::string(64, 'a') + "@" + std::string(254 - 64 - 1 - 4, 'b') + ".com";
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_EQ(ValidateEmail(longest), longest);
  EXPECT_EQ(InvalidField([&] { ValidateEmail(longest + "m"); }), "email");
  EXPECT_EQ(InvalidField([&] { ValidateEmail(std::string(65, 'a') + domain); }), "email");
  EXPECT_EQ(ValidateEmail(std::string(64, 'a') + domain), std::string(64, 'a') + domain);
}

TEST(ValidatePassword, LengthEdgesCountCodePoints) {
  EXPECT_EQ(InvalidField([] { ValidatePassword("1234567", "alice"); }), "password");
  EXPECT_EQ(InvalidField([] { ValidatePassword("12345678", "alice"); }), "");
  EXPECT_EQ(InvalidField([] { ValidatePassword(std::string(128, 'x'), "alice"); }), "");
  EXPECT_EQ(InvalidField([] { ValidatePassword(std::string(129, 'x'), "alice"); }), "password");
  // Eight two-byte characters are eight characters, not sixteen.
  std::string eight_umlauts;
  for (int i = 0; i < 8; ++i) eight_umlauts += "ü";
  EXPECT_EQ(InvalidField([&] { ValidatePassword(eight_umlauts.substr(0, 14), "alice"); }), "password");
  EXPECT_EQ(InvalidField([&] { ValidatePassword(eight_umlauts, "alice"); }), "");
  // 128 four-byte emoji are 512 bytes but 128 characters.
  std::string emoji;
  for (int i = 0; i < 128; ++i) emoji += "\xF0\x9F\x93\xB7";
  EXPECT_EQ(InvalidField([&] { ValidatePassword(emoji, "alice"); }), "");
  EXPECT_EQ(InvalidField([&] { ValidatePassword(emoji + "\xF0\x9F\x93\xB7", "alice"); }), "password");
}

TEST(ValidatePassword, RejectsTheUsernameInAnyCaseAndInvalidUtf8) {
  EXPECT_EQ(InvalidField([] { ValidatePassword("alice.smith", "alice.smith"); }), "password");
  EXPECT_EQ(InvalidField([] { ValidatePassword("ALICE.Smith", "alice.smith"); }), "password");
  EXPECT_EQ(InvalidField([] { ValidatePassword("alice.smith1", "alice.smith"); }), "");
  EXPECT_EQ(InvalidField([] { ValidatePassword("abcdefg\xff", "alice"); }), "password");
}

TEST(ValidateDisplayName, DefaultsToTheUsernameAndTrims) {
  EXPECT_EQ(ValidateDisplayName(std::nullopt, "alice"), "alice");
  EXPECT_EQ(ValidateDisplayName(std::string(""), "alice"), "alice");
  EXPECT_EQ(ValidateDisplayName(std::string("   "), "alice"), "alice");
  EXPECT_EQ(ValidateDisplayName(std::string("  Alice Smith "), "alice"), "Alice Smith");
}

TEST(ValidateDisplayName, LengthEdgesAndControlCharacters) {
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "é";
  EXPECT_EQ(ValidateDisplayName(fifty, "alice"), fifty);
  EXPECT_EQ(InvalidField([&] { ValidateDisplayName(fifty + "é", "alice"); }), "displayName");
  EXPECT_EQ(InvalidField([] { ValidateDisplayName(std::string("Al\x07ice"), "alice"); }), "displayName");
  EXPECT_EQ(InvalidField([] { ValidateDisplayName(std::string("Al\nice"), "alice"); }), "displayName");
  EXPECT_EQ(InvalidField([] { ValidateDisplayName(std::string("Al\xc3"), "alice"); }), "displayName");
}


}  // namespace
}  // namespace lenslet::auth

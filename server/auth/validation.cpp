#include "auth/validation.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::auth {
namespace {

// Route segments, pages, roles and words that would let someone impersonate
// the service. Kept sorted (the static_assert below checks) so lookup is a binary search.
// Names shorter than 3 characters cannot be registered anyway but are listed so
// the list stays true if the length rule ever changes.
constexpr std::string_view kReservedUsernames[] = {
    "2fa",
    "about",
    "abuse",
    "account",
    "accounts",
    "activity",
    "admin",
    "administrator",
    "api",
    "app",
    "apps",
    "assets",
    "audit",
    "auth",
    "blog",
    "cdn",
    "comment",
    "comments",
    "contact",
    "conversations",
    "dashboard",
    "delete",
    "direct",
    "docs",
    "download",
    "edit",
    "email",
    "everyone",
    "explore",
    "export",
    "exports",
    "favicon.ico",
    "feed",
    "follow",
    "followers",
    "following",
    "forgot",
    "graphql",
    "guest",
    "health",
    "help",
    "home",
    "import",
    "imports",
    "inbox",
    "index.html",
    "invite",
    "invites",
    "legal",
    "lenslet",
    "login",
    "logout",
    "mail",
    "me",
    "media",
    "message",
    "messages",
    "metrics",
    "mod",
    "moderation",
    "moderator",
    "new",
    "notification",
    "notifications",
    "null",
    "official",
    "p",
    "password",
    "post",
    "posts",
    "privacy",
    "profile",
    "reels",
    "register",
    "report",
    "reports",
    "requests",
    "reset",
    "restore",
    "robots.txt",
    "root",
    "saved",
    "search",
    "security",
    "server",
    "settings",
    "signin",
    "signout",
    "signup",
    "sitemap.xml",
    "socket.io",
    "staff",
    "static",
    "stats",
    "status",
    "stories",
    "support",
    "sysadmin",
    "system",
    "tag",
    "tags",
    "terms",
    "twofactor",
    "u",
    "undefined",
    "users",
    "verify",
    "web",
    "www",
};

static_assert(std::is_sorted(std::begin(kReservedUsernames), std::end(kReservedUsernames)),
              "kReservedUsernames must stay sorted");

bool IsUsernameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

[[noreturn]] void Invalid(const char* field, std::string message) {
  core::ThrowInvalid(field, std::move(message));
}

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsReservedUsername(std::string_view lowercased) {
  return std::binary_search(std::begin(kReservedUsernames), std::end(kReservedUsernames), lowercased);
}

std::string ValidateUsername(std::string_view username) {
  const std::string name = AsciiLower(username);
  if (name.size() < kUsernameMinLength || name.size() > kUsernameMaxLength) {
    Invalid("username", "Usernames must be 3 to 30 characters long");
  }
  if (!std::all_of(name.begin(), name.end(), IsUsernameChar)) {
    Invalid("username", "Usernames may contain only letters a-z, digits, '.' and '_'");
  }
  // Dots at the edges or in a row make names that look like paths or files.
  if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) {
    Invalid("username", "Usernames cannot start or end with '.' or contain '..'");
  }
  if (IsReservedUsername(name)) Invalid("username", "That username is reserved");
  return name;
}

std::string ValidateEmail(std::string_view email) {
  if (email.empty()) Invalid("email", "Enter an email address");
  if (email.size() > kEmailMaxLength) Invalid("email", "Email addresses can be at most 254 characters long");
  if (!core::utf8::CountCodePoints(email)) Invalid("email", "That email address is not valid");
  for (const char ch : email) {
    const auto c = static_cast<unsigned char>(ch);
    // Characters that are only legal inside quoted local parts, which no real
    // mailbox needs and which make addresses ambiguous in headers.
    if (IsControl(c) || c == ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' ||
        c == '<' || c == '>' || c == '[' || c == ']' || c == '\\') {
      Invalid("email", "That email address is not valid");
    }
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    Invalid("email", "That email address is not valid");
  }
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.empty() || local.size() > kEmailLocalMaxLength || domain.empty()) {
    Invalid("email", "That email address is not valid");
  }
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos || domain.front() == '-') {
    Invalid("email", "That email address is not valid");
  }
  return std::string(email);
}

void ValidatePassword(std::string_view password, std::string_view username) {
  const auto length = core::utf8::CountCodePoints(password);
  if (!length) Invalid("password", "Passwords must be valid text");
  if (*length < kPasswordMinLength) Invalid("password", "Passwords must be at least 8 characters long");
  if (*length > kPasswordMaxLength) Invalid("password", "Passwords can be at most 128 characters long");
  if (AsciiLower(password) == AsciiLower(username)) {
    Invalid("password", "Your password cannot be your username");
  }
}

std::string ValidateDisplayName(const std::optional<std::string>& display_name, std::string_view username) {
  if (!display_name) return std::string(username);
  std::string_view text = *display_name;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::string(username);
  const auto length = core::utf8::CountCodePoints(text);
  if (!length) Invalid("displayName", "Display names must be valid text");
  if (*length > kDisplayNameMaxLength)
    Invalid("displayName", "Display names can be at most 50 characters long");
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return IsControl(static_cast<unsigned char>(c)); })) {
    Invalid("displayName", "Display names cannot contain control characters");
  }
  return std::string(text);
}

}  // namespace lenslet::auth

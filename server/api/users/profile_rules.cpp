#include "api/users/profile_rules.hpp"

#include "auth/validation.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::api::users {
namespace {

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && auth::AsciiLower(text.substr(0, prefix.size())) == prefix;
}

}  // namespace

std::string ValidateBio(std::string_view bio) {
  const auto text = Trim(bio);
  const auto length = core::utf8::CountCodePoints(text);
  if (!length) core::ThrowInvalid("bio", "The bio must be valid text");
  if (*length > kBioMaxLength) core::ThrowInvalid("bio", "The bio can be at most 150 characters long");
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n') || c == 0x7F)
      core::ThrowInvalid("bio", "The bio cannot hold control characters");
  }
  return std::string(text);
}

std::string ValidateWebsite(std::string_view website) {
  const auto text = Trim(website);
  if (text.empty()) return {};
  if (text.size() > kWebsiteMaxLength)
    core::ThrowInvalid("website", "The website can be at most 200 characters long");
  std::size_t scheme_length = 0;
  if (StartsWithNoCase(text, "https://")) {
    scheme_length = 8;
  } else if (StartsWithNoCase(text, "http://")) {
    scheme_length = 7;
  } else {
    core::ThrowInvalid("website", "The website must be an http:// or https:// address");
  }
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    // Printable ASCII without the characters RFC 3986 never allows unescaped.
    if (c <= 0x20 || c >= 0x7F || std::string_view("\"<>\\^`{|}").find(ch) != std::string_view::npos) {
      core::ThrowInvalid("website", "The website address holds characters a URL cannot");
    }
  }
  const auto rest = text.substr(scheme_length);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    core::ThrowInvalid("website", "The website address cannot hold a user name or password");
  }
  const auto host = authority.substr(
      0, authority.rfind(':') == std::string_view::npos ? authority.size() : authority.rfind(':'));
  if (host.empty() || host.front() == '.' || host.front() == '-') {
    core::ThrowInvalid("website", "The website address needs a host name");
  }
  return std::string(text);
}

}  // namespace lenslet::api::users

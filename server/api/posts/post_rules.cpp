#include "api/posts/post_rules.hpp"

#include <algorithm>
#include <locale>
#include <optional>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::api::posts {
namespace {

namespace utf8 = core::utf8;

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string ValidateText(std::string_view raw, std::string_view field, std::size_t max, bool multiline,
                         std::string_view what) {
  const auto text = Trim(raw);
  const auto length = core::utf8::CountCodePoints(text);
  if (!length) core::ThrowInvalid(std::string(field), std::string(what) + " must be valid text");
  if (*length > max) {
    core::ThrowInvalid(std::string(field),
                       std::string(what) + " can be at most " + std::to_string(max) + " characters long");
  }
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool allowed_break = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 && !allowed_break) || c == 0x7F) {
      core::ThrowInvalid(std::string(field), std::string(what) + " cannot hold control characters");
    }
  }
  return std::string(text);
}

// Unicode letters and digits and their case mapping come from glibc's built-in
// C.UTF-8 locale (no ICU on our machines). Without it, only ASCII counts.
const std::ctype<wchar_t>* UnicodeCtype() {
  static const std::optional<std::locale> locale = []() -> std::optional<std::locale> {
    try {
      return std::locale("C.UTF-8");
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  return locale ? &std::use_facet<std::ctype<wchar_t>>(*locale) : nullptr;
}

bool IsTagChar(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  if (cp == utf8::kReplacement) return false;
  const auto* ctype = UnicodeCtype();
  return ctype != nullptr && ctype->is(std::ctype_base::alnum, static_cast<wchar_t>(cp));
}

char32_t Lower(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  const auto* ctype = UnicodeCtype();
  return ctype != nullptr ? static_cast<char32_t>(ctype->tolower(static_cast<wchar_t>(cp))) : cp;
}

bool IsMentionChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

void AddUnique(std::vector<std::string>& out, std::string item) {
  if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(std::move(item));
}

}  // namespace

std::string ValidateCaption(std::string_view caption) {
  return ValidateText(caption, "caption", kCaptionMaxLength, true, "The caption");
}

std::string ValidateAlt(std::string_view alt) { return ValidateText(alt, "alt", kAltMaxLength, false, "Alt text"); }

std::string ValidateCommentText(std::string_view text) {
  auto valid = ValidateText(text, "text", kCommentMaxLength, true, "A comment");
  if (valid.empty()) core::ThrowInvalid("text", "A comment cannot be empty");
  return valid;
}

std::vector<std::string> ParseHashtags(std::string_view text) {
  std::vector<std::string> tags;
  std::size_t i = 0;
  bool after_tag_char = false;
  while (i < text.size() && tags.size() < kMaxHashtags) {
    const auto cp = utf8::Next(text, i);
    if (cp != '#' || after_tag_char) {
      after_tag_char = IsTagChar(cp);
      continue;
    }
    std::string tag;
    std::size_t length = 0;
    while (i < text.size()) {
      std::size_t next = i;
      const auto c = utf8::Next(text, next);
      if (!IsTagChar(c)) break;
      utf8::Append(Lower(c), tag);
      ++length;
      i = next;
    }
    // What follows a tag (or a bare '#') is preceded by its last character.
    after_tag_char = length > 0;
    if (length == 0 || length > kHashtagMaxLength) continue;
    AddUnique(tags, std::move(tag));
  }
  return tags;
}

std::vector<std::string> ParseMentions(std::string_view text) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < text.size() && names.size() < kMaxMentions; ++i) {
    if (text[i] != '@') continue;
    if (i > 0) {
      const auto before = static_cast<unsigned char>(text[i - 1]);
      // Any non-ASCII byte before counts as a word character: "café@x" is no mention.
      if (IsMentionChar(text[i - 1]) || before >= 0x80 || text[i - 1] == '@') continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && IsMentionChar(text[end])) ++end;
    std::string name(text.substr(i + 1, end - i - 1));
    while (!name.empty() && name.back() == '.') name.pop_back();
    i = end - 1;
    if (name.size() < 3 || name.size() > 30) continue;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
    AddUnique(names, std::move(name));
  }
  return names;
}

}  // namespace lenslet::api::posts

#include "api/users/hidden_words.hpp"

#include <algorithm>
#include <cstdint>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::api::users {
namespace {

namespace utf8 = core::utf8;

bool IsSpace(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

bool IsControl(char32_t cp) { return (cp < 0x20 && !IsSpace(cp)) || (cp >= 0x7F && cp < 0xA0); }

// Simple lower-case mapping of the Latin, Greek and Cyrillic capitals; final
// sigma folds to sigma so that a word matches wherever it stands.
char32_t FoldCase(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x178) return 0xFF;
    const bool even_upper = (cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
    const bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if ((even_upper && cp % 2 == 0) || (odd_upper && cp % 2 == 1)) return cp + 1;
    return cp;
  }
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 63;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp == 0x3C2) return 0x3C3;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  return cp;
}

// Letters and digits of scripts that separate words with spaces: the places
// where an entry must meet a word boundary. Everything else (punctuation,
// symbols, emoji, CJK and Thai) counts as a boundary itself.
bool IsWordCharacter(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0xC0 && cp <= 0x0DFF) return true;     // Latin … Indic scripts, combining marks included
  if (cp >= 0x0E00 && cp <= 0x0EFF) return false;  // Thai, Lao: no spaces between words
  if (cp >= 0x0F00 && cp <= 0x1FFF) return true;   // Tibetan … Greek extended
  if (cp >= 0xAC00 && cp <= 0xD7AF) return true;   // Hangul syllables (Korean uses spaces)
  return false;
}

// The code point that ends just before byte `end` of `s` (a valid UTF-8 text).
char32_t PreviousCodePoint(std::string_view s, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return utf8::Next(s, start);
}

char32_t FirstCodePoint(std::string_view s) {
  std::size_t i = 0;
  return utf8::Next(s, i);
}

bool MatchesWithBoundaries(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  const bool needs_start = IsWordCharacter(FirstCodePoint(word));
  const bool needs_end = IsWordCharacter(PreviousCodePoint(word, word.size()));
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const auto end = at + word.size();
    if (needs_start && at > 0 && IsWordCharacter(PreviousCodePoint(text, at))) continue;
    if (needs_end && end < text.size() && IsWordCharacter(FirstCodePoint(text.substr(end)))) continue;
    return true;
  }
  return false;
}

[[noreturn]] void Refuse(const std::string& message) { core::ThrowInvalid("words", message); }

}  // namespace

std::string FoldForMatching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = utf8::Next(text, i);
    if (IsSpace(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    utf8::Append(FoldCase(cp), out);
  }
  return out;
}

std::vector<std::string> NormaliseHiddenWords(const boost::json::value* words) {
  if (words == nullptr || !words->is_array()) Refuse("words must be an array of strings");
  const auto& array = words->get_array();
  if (array.size() > kMaxHiddenWords) {
    Refuse("At most " + std::to_string(kMaxHiddenWords) + " hidden words");
  }
  std::vector<std::string> out;
  out.reserve(array.size());
  for (const auto& item : array) {
    if (!item.is_string()) Refuse("words must be an array of strings");
    const std::string_view raw = item.get_string();
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < raw.size();) {
      if (IsControl(utf8::Next(raw, i))) Refuse("A hidden word cannot hold control characters");
    }
    auto folded = FoldForMatching(raw);
    for (std::size_t i = 0; i < folded.size(); ++code_points) utf8::Next(folded, i);
    if (folded.empty()) Refuse("A hidden word cannot be blank");
    if (code_points > kMaxHiddenWordLength) {
      Refuse("A hidden word is at most " + std::to_string(kMaxHiddenWordLength) + " characters");
    }
    out.push_back(std::move(folded));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool ContainsHiddenWord(std::string_view text, const std::vector<std::string>& words) {
  if (words.empty()) return false;
  const auto folded = FoldForMatching(text);
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& word) { return MatchesWithBoundaries(folded, word); });
}

}  // namespace lenslet::api::users

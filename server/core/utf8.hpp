#pragma once
// UTF-8, the one encoding of every text Lenslet stores: validation, decoding
// one code point at a time, and encoding. One implementation, shared by the
// validators (auth/validation), the caption and hashtag rules
// (api/posts/post_rules) and hidden words (api/users/hidden_words).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::core::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// The well-formed code point that starts at text[i], advancing i past it; or
// nullopt, with i unchanged, when the bytes there are not UTF-8 (a stray or
// missing continuation byte, a truncated sequence, an overlong form, a UTF-16
// surrogate, a value past U+10FFFF). i < text.size() is required.
std::optional<char32_t> TryNext(std::string_view text, std::size_t& i);

// As TryNext, but what is not UTF-8 reads as U+FFFD and consumes one byte, so
// a scan of any input terminates and advances.
char32_t Next(std::string_view text, std::size_t& i);

// Appends cp encoded as UTF-8; a surrogate or a value past U+10FFFF is
// appended as U+FFFD.
void Append(char32_t cp, std::string& out);

// The number of code points, or nullopt when text is not well-formed UTF-8.
std::optional<std::size_t> CountCodePoints(std::string_view text);

}  // namespace lenslet::core::utf8

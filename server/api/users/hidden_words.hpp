#pragma once
// Hidden words (API.md "Safety and moderation"): what a user's list may hold
// and when a text contains one of its entries. Plain functions, tested without
// a database (hidden_words_test.cpp); api/users/visibility.hpp applies them.
//
// Matching, as Instagram's Hidden Words does: an entry is a word or a phrase
// (emoji included), compared without regard to case, with runs of white space
// counting as one space. Where an entry starts or ends with a letter or digit,
// it matches only a whole word there: "ass" hides "ASS!" but not "class", and
// "bad word" hides "a Bad   word." but not "bad wordsmith". Entries made of
// symbols or emoji match anywhere ("💩" hides "great💩"), and so do scripts
// written without spaces (Chinese, Japanese, Thai), whose characters count as
// symbols here since there is no word boundary to find.
//
// Case folding covers the Latin, Greek and Cyrillic alphabets (the server has
// no Unicode library); other scripts are compared as written.
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::api::users {

inline constexpr std::size_t kMaxHiddenWords = 100;
inline constexpr std::size_t kMaxHiddenWordLength = 50;  // code points, after trimming

// The `words` field of PUT /users/me/hidden-words, checked and normalised:
// an array of at most kMaxHiddenWords strings, each non-blank, at most
// kMaxHiddenWordLength code points once trimmed and without control
// characters. Each is trimmed, its white space runs made one space and its
// case folded; duplicates go; the result is sorted (byte order). Throws
// Error(kInvalidValue, field "words") otherwise.
std::vector<std::string> NormaliseHiddenWords(const boost::json::value* words);

// `text` lower-cased (Latin, Greek, Cyrillic) with its white space runs made
// one space and trimmed: the form in which entries are stored and texts
// compared.
std::string FoldForMatching(std::string_view text);

// Whether `text` (as written) contains one of `words` (normalised entries).
bool ContainsHiddenWord(std::string_view text, const std::vector<std::string>& words);

}  // namespace lenslet::api::users

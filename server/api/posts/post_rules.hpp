#pragma once
// The text rules of posts and comments as plain functions (unit-tested in
// post_rules_test.cpp). Validators throw core::Error(kInvalidValue, message,
// field) and return the value to store.
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::api::posts {

inline constexpr std::size_t kMaxImages = 10;
inline constexpr std::size_t kCaptionMaxLength = 2200;  // code points
inline constexpr std::size_t kAltMaxLength = 1000;      // code points
inline constexpr std::size_t kCommentMaxLength = 2200;  // code points
inline constexpr std::size_t kMaxHashtags = 30;
inline constexpr std::size_t kHashtagMaxLength = 100;  // code points
inline constexpr std::size_t kMaxMentions = 20;

// Valid UTF-8, ≤ 2200 code points, no control characters but line breaks and
// tabs. Trimmed. May be empty.
std::string ValidateCaption(std::string_view caption);
// Valid UTF-8, ≤ 1000 code points, one line. Trimmed. May be empty.
std::string ValidateAlt(std::string_view alt);
// As a caption, but not blank.
std::string ValidateCommentText(std::string_view text);

// "#tag" in `text`: a '#' not preceded by a tag character, then letters
// (Unicode ones too), digits and '_'; lowercased; tags longer than 100 code
// points are not tags; deduplicated in order of first appearance; at most 30.
std::vector<std::string> ParseHashtags(std::string_view text);

// "@username" in `text`: an '@' not preceded by a word character or '.' (so
// e-mail addresses are not mentions), then 3–30 of [a-z0-9._] in any case;
// lowercased, a trailing '.' dropped ("thanks @ann."), deduplicated, at most 20.
std::vector<std::string> ParseMentions(std::string_view text);

}  // namespace lenslet::api::posts

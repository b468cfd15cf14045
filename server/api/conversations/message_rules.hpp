#pragma once
// The rules of direct messages and conversations as plain functions
// (unit-tested in message_rules_test.cpp). Validators throw
// core::Error(kInvalidValue, message, field) and return the value to store.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lenslet::api::conversations {

inline constexpr std::size_t kMaxMessageLength = 4000;  // code points
inline constexpr std::size_t kMaxClientIdLength = 64;   // bytes of printable ASCII
inline constexpr std::size_t kMaxTitleLength = 100;     // code points
inline constexpr std::size_t kMaxMembers = 32;          // the caller included

// Valid UTF-8, ≤ 4,000 code points, no control characters but line breaks
// and tabs. Kept as typed (not trimmed). Blank text (empty or only white
// space) is refused unless the message carries an image.
std::string ValidateMessageText(std::string_view text, bool has_image);

// 1–64 characters of printable ASCII (0x21–0x7E): the sender's idempotency key.
std::string ValidateClientId(std::string_view client_id);

// A group's title: valid UTF-8, one line, ≤ 100 code points, trimmed; blank
// means no title (nullopt).
std::optional<std::string> ValidateTitle(std::string_view title);

// body.usernames: an array of 1..(kMaxMembers - 1) usernames, lowercased and
// deduplicated in order. 422 (field "usernames") for anything else.
std::vector<std::string> ReadUsernames(const boost::json::object& body);

}  // namespace lenslet::api::conversations

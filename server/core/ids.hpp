#pragma once
// Strong ids: a UserId cannot be passed where a PostId is expected.
// Inside the server ids are 64-bit integers; on the wire they are strings.
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::core {

template <typename Tag>
struct Id {
  std::int64_t value = 0;

  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  auto operator<=>(const Id&) const = default;

  std::string ToString() const { return std::to_string(value); }
  // Parses the wire form ("123"); nullopt for anything that is not a positive decimal.
  static std::optional<Id> Parse(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v <= 0) return std::nullopt;
    return Id(v);
  }
};

using UserId = Id<struct UserTag>;
using SessionId = Id<struct SessionTag>;
using PostId = Id<struct PostTag>;
using CommentId = Id<struct CommentTag>;
using NotificationId = Id<struct NotificationTag>;
using ConversationId = Id<struct ConversationTag>;
using MessageId = Id<struct MessageTag>;

}  // namespace lenslet::core

template <typename Tag>
struct std::hash<lenslet::core::Id<Tag>> {
  std::size_t operator()(const lenslet::core::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};

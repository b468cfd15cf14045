#pragma once
// What GET /search?q= looks for, decided without a database: the term,
// lowercased, and whether users, tags or both are wanted.
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::api::search {

inline constexpr std::size_t kMaxQueryLength = 100;  // characters
inline constexpr int kMaxUsers = 20;
inline constexpr int kMaxTags = 10;

struct SearchQuery {
  std::string term;  // non-empty, ASCII-lowercased, without the leading '#'/'@'
  bool users = true;
  bool tags = true;
};

// Surrounding spaces are ignored; a leading '#' asks for tags only, '@' for
// users only. nullopt when nothing is left to search for (empty answer).
// Throws Error(kInvalidValue, field "q") above kMaxQueryLength characters.
std::optional<SearchQuery> ParseSearchQuery(std::string_view q);

}  // namespace lenslet::api::search

#include "api/search/search_rules.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace lenslet::api::search {
namespace {

std::size_t CodePoints(std::string_view text) {
  // Every byte that is not a UTF-8 continuation byte starts a character.
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::string_view Trim(std::string_view text) {
  const auto space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<SearchQuery> ParseSearchQuery(std::string_view q) {
  if (CodePoints(q) > kMaxQueryLength) {
    core::ThrowInvalid("q", "A search is at most 100 characters");
  }
  q = Trim(q);
  SearchQuery query;
  if (q.starts_with('#')) {
    query.users = false;
    q.remove_prefix(1);
  } else if (q.starts_with('@')) {
    query.tags = false;
    q.remove_prefix(1);
  }
  q = Trim(q);
  if (q.empty()) return std::nullopt;
  query.term.assign(q);
  std::transform(query.term.begin(), query.term.end(), query.term.begin(),
                 [](unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : static_cast<char>(ch); });
  return query;
}

}  // namespace lenslet::api::search

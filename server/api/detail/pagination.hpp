#pragma once
// Cursor pagination shared by every list endpoint (API.md "Lists"):
// ?limit= (default 20, above 100 treated as 100) and ?cursor= (opaque). The
// cursor is the keyset position of the last item served, a few integers (for
// example {created_at, id}), so pages never skip or repeat items while new
// ones arrive. Stores fetch limit + 1 rows: the extra row says whether there
// is a next page.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace lenslet::api::detail {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

struct PageRequest {
  int limit = kDefaultPageSize;
  // The decoded cursor; empty on the first page.
  std::vector<std::int64_t> after;

  bool first_page() const { return after.empty(); }
};

// Reads ?limit and ?cursor. A cursor must hold exactly `cursor_fields`
// integers. Throws Error(kInvalidValue, field "limit"/"cursor") for garbage.
PageRequest ReadPageRequest(const http::Request& request, std::size_t cursor_fields);

std::string EncodeCursor(const std::vector<std::int64_t>& position);
std::optional<std::vector<std::int64_t>> DecodeCursor(std::string_view cursor, std::size_t fields);

// {items, nextCursor}: `next` is the position of the last item when the store
// found more rows than the page holds, else null.
boost::json::object Page(boost::json::array items, const std::optional<std::vector<std::int64_t>>& next);

// The page of `rows` listed by id, which the store was asked for limit + 1 of:
// the extra one says there is a next page, whose cursor is the last shown
// row's id. Each row shown is rendered by `render`.
template <typename Row, typename Render>
boost::json::object PageById(std::vector<Row> rows, int limit, Render render) {
  std::optional<std::vector<std::int64_t>> next;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(static_cast<std::size_t>(limit));
    next = std::vector<std::int64_t>{rows.back().id.value};
  }
  boost::json::array items;
  items.reserve(rows.size());
  for (const auto& row : rows) items.push_back(render(row));
  return Page(std::move(items), next);
}

}  // namespace lenslet::api::detail

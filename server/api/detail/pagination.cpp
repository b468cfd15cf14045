#include "api/detail/pagination.hpp"

#include <charconv>

#include "core/error.hpp"

namespace lenslet::api::detail {
namespace {

// Cursors are opaque to clients but not secret: base64url of "v1:a,b,c".
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kVersionPrefix = "v1:";
constexpr std::size_t kMaxCursorLength = 200;

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  unsigned int buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  std::string out;
  unsigned int buffer = 0;
  int bits = 0;
  for (char c : in) {
    const auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned int>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string EncodeCursor(const std::vector<std::int64_t>& position) {
  std::string text(kVersionPrefix);
  for (std::size_t i = 0; i < position.size(); ++i) {
    if (i) text += ',';
    text += std::to_string(position[i]);
  }
  return Base64UrlEncode(text);
}

std::optional<std::vector<std::int64_t>> DecodeCursor(std::string_view cursor, std::size_t fields) {
  if (cursor.empty() || cursor.size() > kMaxCursorLength) return std::nullopt;
  const auto text = Base64UrlDecode(cursor);
  if (!text || !text->starts_with(kVersionPrefix)) return std::nullopt;
  std::string_view rest = std::string_view(*text).substr(kVersionPrefix.size());
  std::vector<std::int64_t> values;
  while (true) {
    const auto comma = rest.find(',');
    const auto part = rest.substr(0, comma);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || part.empty()) return std::nullopt;
    values.push_back(value);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (values.size() != fields) return std::nullopt;
  return values;
}

PageRequest ReadPageRequest(const http::Request& request, std::size_t cursor_fields) {
  PageRequest page;
  if (const auto limit = request.Query("limit")) {
    int value = 0;
    const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec == std::errc::result_out_of_range && end == limit->data() + limit->size() && !limit->starts_with('-')) {
      value = kMaxPageSize;
    } else if (ec != std::errc() || end != limit->data() + limit->size() || value < 1) {
      core::ThrowInvalid("limit", "limit must be a whole number from 1 to 100");
    }
    page.limit = std::min(value, kMaxPageSize);
  }
  if (const auto cursor = request.Query("cursor"); cursor && !cursor->empty()) {
    auto after = DecodeCursor(*cursor, cursor_fields);
    if (!after) core::ThrowInvalid("cursor", "cursor is not one this server gave out");
    page.after = std::move(*after);
  }
  return page;
}

boost::json::object Page(boost::json::array items, const std::optional<std::vector<std::int64_t>>& next) {
  boost::json::object page;
  page["items"] = std::move(items);
  if (next) {
    page["nextCursor"] = EncodeCursor(*next);
  } else {
    page["nextCursor"] = nullptr;
  }
  return page;
}

}  // namespace lenslet::api::detail

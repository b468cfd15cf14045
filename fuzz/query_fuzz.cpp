// libFuzzer target for the query string and the list cursor: Request::Query
// and Request::Cookie (server/http/request.cpp, percent-decoding in
// http/detail/percent.cpp) and ?limit= / ?cursor= (server/api/detail/
// pagination.cpp). An input is a request target ("/feed?limit=5&cursor=...");
// it is also tried as a cursor and as a Cookie header. It checks:
//   - Query answers a value no longer than the target, nullopt, or 400 naming
//     the parameter; the pairs it decodes, percent-encoded again into a fresh
//     target, come back byte for byte;
//   - ReadPageRequest answers a limit of 1-100 and a cursor of exactly the asked
//     number of fields, or 422 naming limit/cursor (400 for a broken escape);
//   - a cursor that decodes encodes to one that decodes to the same position,
//     and any position (taken from the input's bytes) round-trips.
//
// Build and run: scripts/fuzz.sh query_fuzz (seeds in fuzz/corpus/query/).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/detail/pagination.hpp"
#include "core/error.hpp"
#include "http/detail/percent.hpp"
#include "percent_encode.hpp"
#include "http/request.hpp"

namespace http = lenslet::http;
namespace core = lenslet::core;
namespace api = lenslet::api::detail;

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

using lenslet::fuzz::PercentEncode;

std::optional<std::string> QueryOrError(const http::Request& request, std::string_view name, bool* bad) {
  *bad = false;
  try {
    auto value = request.Query(name);
    if (value) Require(value->size() <= request.target.size());
    return value;
  } catch (const core::Error& e) {
    Require(e.code() == core::ErrorCode::kBadRequest && e.field() == name);
    *bad = true;
    return std::nullopt;
  }
}

// The query's pairs as decoded, in order; the ones with a broken key skipped.
std::vector<std::pair<std::string, std::optional<std::string>>> DecodedPairs(std::string_view target) {
  std::vector<std::pair<std::string, std::optional<std::string>>> pairs;
  const auto question = target.find('?');
  if (question == std::string_view::npos) return pairs;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = http::detail::PercentDecode(pair.substr(0, eq), true);
    if (!key) continue;
    std::optional<std::string> value = std::string();
    if (eq != std::string_view::npos) value = http::detail::PercentDecode(pair.substr(eq + 1), true);
    pairs.emplace_back(std::move(*key), std::move(value));
  }
  return pairs;
}

void CheckQuery(const std::string& target) {
  http::Request request;
  request.target = target;
  const auto pairs = DecodedPairs(target);
  // What Query answers is the first pair with that key.
  std::vector<std::pair<std::string, std::string>> firsts;  // the well-formed ones
  std::vector<std::string> seen;
  for (const auto& [key, value] : pairs) {
    bool first = true;
    for (const auto& name : seen) first = first && name != key;
    if (!first) continue;
    seen.push_back(key);
    bool bad = false;
    const auto answer = QueryOrError(request, key, &bad);
    Require(bad == !value.has_value());
    if (value) {
      Require(answer == value);
      firsts.emplace_back(key, *value);
    }
  }
  // A key no pair has is absent, not an error, whatever the other pairs hold.
  const std::string absent = "absent-key";
  bool absent_seen = false;
  for (const auto& name : seen) absent_seen = absent_seen || name == absent;
  bool bad = false;
  if (!absent_seen) Require(!QueryOrError(request, absent, &bad) && !bad);

  // Encoded again into a fresh target (every well-formed pair, duplicates
  // included), each key reads back what the original's first pair held.
  http::Request rebuilt;
  rebuilt.target = "/x?";
  for (const auto& [key, value] : pairs) {
    if (value) rebuilt.target += "&" + PercentEncode(key) + "=" + PercentEncode(*value);
  }
  for (const auto& [key, value] : firsts) Require(rebuilt.Query(key) == value);
}

void CheckPage(const std::string& target, std::size_t fields) {
  http::Request request;
  request.target = target;
  try {
    const auto page = api::ReadPageRequest(request, fields);
    Require(page.limit >= 1 && page.limit <= api::kMaxPageSize);
    Require(page.after.empty() || page.after.size() == fields);
    bool bad = false;
    const auto cursor = QueryOrError(request, "cursor", &bad);
    Require(!bad);
    Require(page.first_page() == (!cursor || cursor->empty()));
    if (!page.first_page()) {
      Require(api::DecodeCursor(api::EncodeCursor(page.after), fields) == page.after);
    }
  } catch (const core::Error& e) {
    const bool invalid = e.code() == core::ErrorCode::kInvalidValue && (e.field() == "limit" || e.field() == "cursor");
    const bool broken = e.code() == core::ErrorCode::kBadRequest;
    Require(invalid || broken);
  }
}

void CheckCursor(std::string_view text, std::size_t fields) {
  const auto position = api::DecodeCursor(text, fields);
  if (!position) return;
  Require(position->size() == fields);
  Require(!text.empty() && text.size() <= 200);
  const std::string again = api::EncodeCursor(*position);
  Require(api::DecodeCursor(again, fields) == position);
}

void CheckPositionRoundTrip(std::string_view bytes) {
  std::vector<std::int64_t> position;
  while (bytes.size() >= sizeof(std::int64_t) && position.size() < 4) {
    std::int64_t value = 0;
    std::memcpy(&value, bytes.data(), sizeof value);
    position.push_back(value);
    bytes.remove_prefix(sizeof value);
  }
  if (position.empty()) return;
  const std::string cursor = api::EncodeCursor(position);
  Require(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
  Require(api::DecodeCursor(cursor, position.size()) == position);
  Require(!api::DecodeCursor(cursor, position.size() + 1));
}

void CheckCookie(std::string_view header) {
  http::Request request;
  request.headers.emplace_back("Cookie", std::string(header));
  for (const char* name : {"lenslet_session", "lenslet_refresh", "a", ""}) {
    const auto value = request.Cookie(name);
    if (value) Require(value->size() <= header.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  CheckQuery(input);
  for (std::size_t fields = 1; fields <= 3; ++fields) {
    CheckPage(input, fields);
    CheckCursor(input, fields);
  }
  CheckPositionRoundTrip(input);
  CheckCookie(input);
  return 0;
}

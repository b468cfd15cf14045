// libFuzzer target for reading JSON request bodies: http::ParseJsonObject
// (server/http/json_body.cpp) and the typed field readers of
// server/api/detail/json_fields.cpp. An input is a Content-Type value, a
// newline, then the body (no newline: the whole input is the body, without a
// Content-Type). It checks:
//   - the body is refused only with 400 malformed_json or 415, and 415 only for
//     the form types; whatever is accepted is an object that serializes and
//     parses back to itself (so no number beyond double's range: Boost.JSON
//     would write it as Infinity);
//   - every field reader, on every key of the object (and on a key that is
//     absent), either returns exactly the value stored there or throws 422
//     invalid_value naming that field, as its contract says for that kind.
//
// Build and run: scripts/fuzz.sh json_body_fuzz (seeds in fuzz/corpus/json_body/).
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/detail/json_fields.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "same_json.hpp"
#include "http/request.hpp"

namespace http = lenslet::http;
namespace core = lenslet::core;
namespace fields = lenslet::api::detail;

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

bool AllFinite(const boost::json::value& value) {
  if (value.is_double()) return std::isfinite(value.get_double());
  if (const auto* array = value.if_array()) {
    return std::all_of(array->begin(), array->end(), [](const auto& item) { return AllFinite(item); });
  }
  if (const auto* object = value.if_object()) {
    return std::all_of(object->begin(), object->end(), [](const auto& entry) { return AllFinite(entry.value()); });
  }
  return true;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

bool IsForm(std::string_view content_type) {
  while (!content_type.empty() && (content_type.front() == ' ' || content_type.front() == '\t')) {
    content_type.remove_prefix(1);
  }
  return StartsWithNoCase(content_type, "multipart/") ||
         StartsWithNoCase(content_type, "application/x-www-form-urlencoded");
}

// Calls `read` and checks it returned `expected`, or threw 422 naming `field`
// exactly when `valid` is false.
template <typename Read, typename Expected>
void CheckReader(Read read, bool valid, const Expected& expected, std::string_view field) {
  try {
    const auto value = read();
    Require(valid);
    Require(value == expected);
  } catch (const core::Error& e) {
    Require(!valid);
    Require(e.code() == core::ErrorCode::kInvalidValue);
    Require(e.field() == field);
  }
}

void CheckFields(const boost::json::object& body, std::string_view field) {
  const boost::json::value* value = body.if_contains(field);
  const bool absent = value == nullptr || value->is_null();
  const bool is_string = !absent && value->is_string();
  const bool is_bool = !absent && value->is_bool();

  const std::string string_value = is_string ? std::string(value->get_string()) : std::string();
  CheckReader([&] { return fields::RequireString(body, field); }, is_string, string_value, field);

  std::optional<std::string> optional_string;
  if (is_string) optional_string = string_value;
  CheckReader([&] { return fields::OptionalString(body, field); }, absent || is_string, optional_string, field);

  std::optional<bool> optional_bool;
  if (is_bool) optional_bool = value->get_bool();
  CheckReader([&] { return fields::OptionalBool(body, field); }, absent || is_bool, optional_bool, field);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  http::Request request;
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) {
    request.body = std::string(input);
  } else {
    request.headers.emplace_back("Content-Type", std::string(input.substr(0, newline)));
    request.body = std::string(input.substr(newline + 1));
  }

  boost::json::object body;
  try {
    body = http::ParseJsonObject(request);
  } catch (const core::Error& e) {
    if (e.code() == core::ErrorCode::kUnsupportedMediaType) {
      Require(IsForm(request.Header("Content-Type")));
    } else {
      Require(e.code() == core::ErrorCode::kMalformedJson);
      // Only what Boost.JSON itself refuses, a top level that is not an object,
      // or a number beyond double's range (which would serialize as Infinity).
      boost::system::error_code ec;
      const auto value = boost::json::parse(request.body, ec);
      Require(ec || !value.is_object() || !AllFinite(value));
    }
    return 0;
  }
  Require(!IsForm(request.Header("Content-Type")));
  Require(request.body.size() >= 2);  // "{}" at least

  // Serialized and parsed again, the same object.
  const std::string text = boost::json::serialize(body);
  http::Request again;
  again.body = text;
  const auto reparsed = http::ParseJsonObject(again);
  Require(lenslet::fuzz::SameJson(boost::json::value(reparsed), boost::json::value(body)));

  for (const auto& entry : body) CheckFields(body, entry.key());
  CheckFields(body, "absent-field");
  CheckFields(body, "");
  return 0;
}

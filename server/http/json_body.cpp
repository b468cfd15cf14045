#include "http/json_body.hpp"

#include <boost/json/parse.hpp>
#include <cmath>

#include "core/error.hpp"
#include "http/detail/percent.hpp"

namespace lenslet::http {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && detail::IEquals(text.substr(0, prefix.size()), prefix);
}

// Boost.JSON 1.81 reads a number beyond double's range (1e400) as infinity and
// writes it back as `Infinity`, which is not JSON: a body holding one could be
// stored or relayed and break every reader after. Recursion is bounded by the
// parser's depth limit (32).
bool AllNumbersFinite(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(value.get_double());
    case boost::json::kind::array:
      for (const auto& item : value.get_array()) {
        if (!AllNumbersFinite(item)) return false;
      }
      return true;
    case boost::json::kind::object:
      for (const auto& entry : value.get_object()) {
        if (!AllNumbersFinite(entry.value())) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

boost::json::object ParseJsonObject(const Request& request) {
  const std::string_view content_type = detail::TrimSpaces(request.Header("Content-Type"));
  if (StartsWithNoCase(content_type, "multipart/") ||
      StartsWithNoCase(content_type, "application/x-www-form-urlencoded")) {
    throw core::Error(core::ErrorCode::kUnsupportedMediaType, "Send the body as application/json");
  }
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    throw core::Error(core::ErrorCode::kMalformedJson, "The body is not valid JSON", {},
                      ec ? ec.message() : std::string("top level is not an object"));
  }
  if (!AllNumbersFinite(value)) {
    throw core::Error(core::ErrorCode::kMalformedJson, "The body is not valid JSON", {},
                      "a number out of double's range");
  }
  return std::move(value.as_object());
}

}  // namespace lenslet::http

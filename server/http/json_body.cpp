#include "http/json_body.hpp"

#include <boost/json/parse.hpp>

#include "core/error.hpp"
#include "core/json_numbers.hpp"
#include "http/detail/percent.hpp"

namespace lenslet::http {
namespace {

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && detail::IEquals(text.substr(0, prefix.size()), prefix);
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
  if (!core::AllNumbersFinite(value)) {
    throw core::Error(core::ErrorCode::kMalformedJson, "The body is not valid JSON", {},
                      "a number out of double's range");
  }
  return std::move(value.as_object());
}

}  // namespace lenslet::http

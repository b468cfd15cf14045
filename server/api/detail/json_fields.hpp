#pragma once
// Typed reads of request-body fields. A missing required field or a value of
// the wrong type is 422 invalid_value naming the field; fields a handler does
// not read are ignored, never applied (isAdmin, id, counters...).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::api::detail {

std::string RequireString(const boost::json::object& body, std::string_view field);
// Absent or null → nullopt; any other non-string → 422.
std::optional<std::string> OptionalString(const boost::json::object& body, std::string_view field);
std::optional<bool> OptionalBool(const boost::json::object& body, std::string_view field);

}  // namespace lenslet::api::detail

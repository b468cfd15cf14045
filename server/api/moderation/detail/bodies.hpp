#pragma once
// Request bodies of the moderation endpoints.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace lenslet::api::moderation::detail {

// The JSON object of the body; an empty body (a DELETE sent without one) is {}.
boost::json::object BodyOrEmpty(const http::Request& request);

// `field`: a string of 1–1000 characters after trimming (shown to the author
// for removals, warnings and suspensions, and kept in the audit log).
std::string RequireReason(const boost::json::object& body, std::string_view field);
// The same, but absent or null is "".
std::string OptionalReason(const boost::json::object& body, std::string_view field);

}  // namespace lenslet::api::moderation::detail

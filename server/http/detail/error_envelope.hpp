#pragma once
// Middleware 3: the one place that turns errors into HTTP answers,
// {"error":{"code","message","field"?,"retryAfter"?}} (core::ErrorBody, shared
// with the socket acks). Internal details go to the log only.
#include <exception>
#include <string_view>

#include "core/error.hpp"
#include "http/response.hpp"

namespace lenslet::http::detail {

// The client's view of a core::Error (status, envelope, Retry-After).
Response RenderError(const core::Error& error);

// Shorthand for errors the HTTP layer raises itself.
Response RenderError(core::ErrorCode code, std::string_view message);

// Maps the exception in flight to a response: core::Error → its status (its
// internal detail logged at warn); anything else → 500 "internal" with no detail
// (the what() logged at error). `request_id` ties the log line to the request.
Response RenderException(std::exception_ptr error, std::string_view request_id);

}  // namespace lenslet::http::detail

#pragma once
// The one client-facing body of an error, {"error":{"code","message","field"?,
// "retryAfter"?}}, for both doors: the HTTP error envelope
// (http/detail/error_envelope.cpp) and the Socket.IO acks (api/live/). Lives in
// core because both http/ and api/ may depend on core and on nothing of each other.
#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace lenslet::core {

// The client's view of `error`: its wire code and message, the field at fault
// when there is one, the seconds to wait when there are some. Never `internal`.
boost::json::object ErrorBody(const Error& error);

}  // namespace lenslet::core

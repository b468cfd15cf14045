#pragma once
// Reading a JSON request body: the one place that decides what "not JSON" means.
#include <boost/json/object.hpp>

#include "http/request.hpp"

namespace lenslet::http {

// The body as a JSON object.
// Throws core::Error:
//  - kMalformedJson (400) for an empty body, invalid JSON or a top level that
//    is not an object;
//  - kUnsupportedMediaType (415) when the Content-Type is clearly not JSON
//    (multipart/form-data, application/x-www-form-urlencoded). A missing
//    Content-Type, application/json and */*+json are accepted; anything else is
//    tried as JSON (lenient with clients that send text/plain).
boost::json::object ParseJsonObject(const Request& request);

}  // namespace lenslet::http

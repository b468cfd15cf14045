#pragma once
// Middleware 4: CSRF defence by origin. State-changing requests (POST, PUT,
// PATCH, DELETE) whose Origin — or, without Origin, Referer — is not our origin
// are refused with 403 foreign_origin. Requests with neither header come from
// non-browser clients and are accepted (browsers always send one of them on
// cross-site writes). See API.md "CSRF".
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace lenslet::http::detail {

// "scheme://host[:port]" lower-cased, default port (80/443) dropped; nullopt when
// `url` is not an absolute http(s) URL. Any path, query or userinfo is ignored.
std::optional<std::string> NormalizeOrigin(std::string_view url);

// `public_url` empty: our origin is http://<Host> or https://<Host> (we may sit
// behind a TLS-terminating proxy and cannot tell which one the browser used).
bool OriginAllowed(Method method, std::string_view origin, std::string_view referer, std::string_view host,
                   std::string_view public_url);

}  // namespace lenslet::http::detail

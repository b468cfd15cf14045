#pragma once
// Middleware: headers every response carries (browser hardening), plus
// `Cache-Control: no-store` on API answers (they are per-user and change).
#include <string_view>

#include "http/response.hpp"

namespace lenslet::http::detail {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'";

// Adds each header unless the handler already set it (case-insensitive).
void AddSecurityHeaders(Response& response);
// For paths under /api/.
void AddApiCacheControl(Response& response);

bool HasResponseHeader(const Response& response, std::string_view name);

}  // namespace lenslet::http::detail

#pragma once
// The same-origin rule of API.md "CSRF", for doors other than the API's own
// middleware (the Socket.IO handshake): an Origin header, when present, must be
// our origin — `public_url`, else http(s)://<Host>. No Origin: not a browser
// cross-site request, accepted.
#include <string_view>

namespace lenslet::http {

bool IsOwnOrigin(std::string_view origin, std::string_view host, std::string_view public_url);

}  // namespace lenslet::http

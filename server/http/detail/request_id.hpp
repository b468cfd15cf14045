#pragma once
// Middleware 1: every request gets an id, logged and echoed as X-Request-Id, so
// a user's bug report can be matched to the server's log line.
#include <string>
#include <string_view>

namespace lenslet::http::detail {

// 16 random lowercase hex characters.
std::string NewRequestId();

// Keeps an incoming X-Request-Id (set by nginx or a client) when it is sane:
// 1..64 characters of [A-Za-z0-9._-], so it cannot forge log fields.
// Otherwise a new one.
std::string ChooseRequestId(std::string_view incoming);

}  // namespace lenslet::http::detail

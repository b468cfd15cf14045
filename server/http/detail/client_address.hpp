#pragma once
// Middleware 2: who is the client, for rate limits and the access log.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lenslet::http::detail {

// The peer address; or, behind a trusted reverse proxy, the LAST entry of
// X-Forwarded-For (over all such headers): that is the one our proxy appended.
// Earlier entries come from the client and can be forged. Falls back to the
// peer when the header is absent or its last entry is empty or implausible.
std::string ResolveClientAddress(const std::vector<std::pair<std::string, std::string>>& headers,
                                 std::string_view peer, bool trust_proxy);

}  // namespace lenslet::http::detail

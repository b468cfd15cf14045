#pragma once
// Who opens a Socket.IO connection: the same credentials as the REST API,
// read from the handshake instead of a request.
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>

#include "realtime/options.hpp"

namespace lenslet::api::live {

// The access token the client presents: `auth: {token}` (non-browser clients,
// API.md "Real time"), else `Authorization: Bearer`, else the session cookie.
std::optional<std::string> HandshakeToken(const realtime::Handshake& handshake, const boost::json::value& auth);

// realtime::ServerOptions::allow_request: a connection whose Origin is not ours
// is refused (403) before anything is sent, like a cross-site write (API.md "CSRF").
std::function<bool(const realtime::Handshake&)> OriginPolicy(std::string public_url);

}  // namespace lenslet::api::live

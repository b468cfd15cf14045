#pragma once
// The client → server events of API.md "Real time": message:send (with ack),
// typing, message:read. Each parses its payload, then calls the same function
// as the REST door (api/conversations/conversations.hpp). Bad payloads and
// refusals answer through the ack with the HTTP door's error body,
// {error: {code, message, field?, retryAfter?}} (core/error_body.hpp), when the
// client asked for one, and are otherwise dropped; the connection stays open.
// `typing` and `message:read` are limited per socket (Services'
// typing_limit_per_socket, read_limit_per_socket): beyond, rate_limited.
#include "api/services.hpp"
#include "realtime/server.hpp"

namespace lenslet::api::live {

// On the namespace every connected socket is in (each socket's user is UserOf(socket)).
void RegisterMessageEvents(realtime::Namespace& nsp, Services& services);

}  // namespace lenslet::api::live

#pragma once
// Serves a realtime::Server under its path (/socket.io/) of an http::Server:
// polling requests become plain exchanges of the HTTP session (body limit:
// maxPayload, not the API's), and a WebSocket upgrade takes the socket over.
#include "http/mount.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime {

// `server` must outlive the http::Server it is added to.
http::Mount MakeHttpMount(Server& server);

}  // namespace lenslet::realtime

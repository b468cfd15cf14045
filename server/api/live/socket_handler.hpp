#pragma once
// The app's Socket.IO namespace "/" (API.md "Real time"):
//
//   handshake ─► Origin check (handshake.hpp, before anything is sent)
//   CONNECT   ─► token from auth.token / Bearer / cookie ─► AuthService::Authenticate
//             ─► refused: connect_error {code: "unauthenticated"}
//             ─► accepted: join user:<id> and session:<id>, presence, events
//   events    ─► message_events.cpp (the socket door of api/conversations/)
//   close     ─► presence, lastSeenAt
//
// Identity comes from the session only: nothing the client sends names a user.
#include "api/live/session_watch.hpp"
#include "api/services.hpp"
#include "realtime/server.hpp"

namespace lenslet::api::live {

void InstallSocketHandlers(realtime::Server& io, Services& services, SessionWatch& watch);

}  // namespace lenslet::api::live

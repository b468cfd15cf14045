#pragma once
// What a socket knows of its user, kept in realtime::Socket::data from the
// CONNECT on. Touched only by that socket's handlers (one at a time, on its strand).
#include <string>

#include "api/live/event_limits.hpp"
#include "core/ids.hpp"
#include "realtime/server.hpp"

namespace lenslet::api::live {

struct ConnectedUser {
  core::UserId user;
  core::SessionId session;
  // API.md's short user object (id, username, displayName, avatarUrl), sent
  // with `typing`, as JSON text: one block, where a json::object is a table
  // and strings (~250 bytes) kept in every connected socket for a rare event.
  std::string profile_json;
  // The per-socket limits of `typing` and `message:read`, and the typing
  // relay throttle (api/live/event_limits.hpp): a few dozen bytes per socket.
  TypingThrottle typing;
  EventBudget typing_budget;
  EventBudget read_budget;
};

// The socket's user; the socket was accepted, so it is always there.
ConnectedUser& UserOf(realtime::Socket& socket);

}  // namespace lenslet::api::live

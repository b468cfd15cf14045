#pragma once
// What a socket knows of its user, kept in realtime::Socket::data from the
// CONNECT on. Touched only by that socket's handlers (one at a time, on its strand).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

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
  // When this socket last relayed `typing` per conversation (a chatty client
  // costs one membership check per second per conversation at most). A
  // vector: a socket types in a few conversations, and an empty unordered_map
  // alone is 56 bytes in every connected socket.
  std::vector<std::pair<core::ConversationId, std::chrono::steady_clock::time_point>> last_typing;
};

// The socket's user; the socket was accepted, so it is always there.
ConnectedUser& UserOf(realtime::Socket& socket);

}  // namespace lenslet::api::live

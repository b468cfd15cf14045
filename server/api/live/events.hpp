#pragma once
// Real-time side effects of api/ actions (DESIGN.md: "side effects that must
// reach other users go out through one publisher interface"). Handlers call
// these AFTER their write unit committed, so nobody hears of a change that
// was rolled back. Rooms: every socket of user U is in UserRoom(U), every
// socket of login S in SessionRoom(S) (api/live/socket_handler.cpp joins them).
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"

namespace lenslet::api::live {

std::string UserRoom(core::UserId user);
std::string SessionRoom(core::SessionId session);

// Emits `event` with one JSON argument to every connected device of `users`
// (each device once, however many of its users are listed), in every process;
// not to the socket `except_socket` (an id; empty: none), which has its answer.
void EmitToUsers(Services& services, const std::vector<core::UserId>& users, std::string_view event,
                 boost::json::value payload, std::string_view except_socket = {});
// Closes the sockets of one login (logout) or of every login of a user.
void DisconnectSession(Services& services, core::SessionId session);
void DisconnectUser(Services& services, core::UserId user);

}  // namespace lenslet::api::live

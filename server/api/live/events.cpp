#include "api/live/events.hpp"

#include "realtime/server.hpp"

namespace lenslet::api::live {

std::string UserRoom(core::UserId user) { return "user:" + std::to_string(user.value); }
std::string SessionRoom(core::SessionId session) { return "session:" + std::to_string(session.value); }

void EmitToUsers(Services& services, const std::vector<core::UserId>& users, std::string_view event,
                 boost::json::value payload, std::string_view except_socket) {
  if (!services.publisher || users.empty()) return;
  realtime::Broadcast broadcast{.nsp = "/", .event = std::string(event)};
  broadcast.rooms.reserve(users.size());
  for (const auto user : users) broadcast.rooms.push_back(UserRoom(user));
  // Every socket is in a room named by its id (Socket.IO's rule), in every process.
  if (!except_socket.empty()) broadcast.except.emplace_back(except_socket);
  broadcast.args.Add(std::move(payload));
  services.publisher->Publish(std::move(broadcast));
}

void DisconnectSession(Services& services, core::SessionId session) {
  if (services.publisher) services.publisher->DisconnectRoom("/", SessionRoom(session));
}

void DisconnectUser(Services& services, core::UserId user) {
  if (services.publisher) services.publisher->DisconnectRoom("/", UserRoom(user));
}

}  // namespace lenslet::api::live

#include "api/live/socket_handler.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/serialize.hpp>

#include "api/live/connected_user.hpp"
#include "api/live/events.hpp"
#include "api/live/handshake.hpp"
#include "api/live/message_events.hpp"
#include "api/live/presence.hpp"
#include "api/live/presence_announcer.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::live {

namespace json = boost::json;
namespace asio = boost::asio;

ConnectedUser& UserOf(realtime::Socket& socket) { return std::any_cast<ConnectedUser&>(socket.data); }

namespace {

realtime::ConnectResult Unauthenticated() {
  // socket.io-client: connect_error with err.message and err.data.
  return realtime::ConnectResult::Refuse(
      "unauthenticated", json::object{{"code", "unauthenticated"}, {"message", "Sign in to connect"}});
}

asio::awaitable<realtime::ConnectResult> Connect(Services& services, SessionWatch& watch, realtime::Socket& socket,
                                                 const json::value& auth) {
  const auto token = HandshakeToken(socket.handshake(), auth);
  if (!token) co_return Unauthenticated();
  std::optional<auth::Identity> identity;
  store::UserRow user;
  try {
    identity = co_await services.auth.Authenticate(*token);
    if (!identity) co_return Unauthenticated();
    user = co_await services.auth.Me(identity->user);
  } catch (const core::Error& e) {
    if (e.code() == core::ErrorCode::kUnauthenticated) co_return Unauthenticated();
    co_return realtime::ConnectResult::Refuse(
        "unavailable", json::object{{"code", "unavailable"}, {"message", "Try again in a moment"}});
  }

  // Accepted from here on: the namespace's OnDisconnect (Disconnected below) undoes this.
  socket.data = ConnectedUser{.user = identity->user, .session = identity->session, .profile_json = json::serialize(views::Author(user))};
  socket.Join(UserRoom(identity->user));
  socket.Join(SessionRoom(identity->session));

  watch.Add(identity->session);
  // Issue 17.5: the socket ends with the token it was opened with.
  watch.ExpireAt(socket.weak_from_this(), identity->expires_at);
  if (services.presence && services.presence->Connected(identity->user)) {
    asio::co_spawn(socket.executor(), AnnouncePresenceChange(services, identity->user, true), asio::detached);
  }
  co_return realtime::ConnectResult::Accept();
}

// Every accepted socket, once, however it went away.
void Disconnected(Services& services, SessionWatch& watch, realtime::Socket& socket) {
  const auto& user = UserOf(socket);
  watch.Remove(user.session);
  if (services.presence && services.presence->Disconnected(user.user)) {
    asio::co_spawn(socket.executor(), AnnouncePresenceChange(services, user.user, false), asio::detached);
  }
}

}  // namespace

void InstallSocketHandlers(realtime::Server& io, Services& services, SessionWatch& watch) {
  // Registered once for the namespace, not per socket: every socket here is
  // an authenticated one and they all answer the same events.
  auto& nsp = io.Of("/");
  nsp.OnConnection([&services, &watch](realtime::Socket& socket, const json::value& auth) {
    return Connect(services, watch, socket, auth);
  });
  RegisterMessageEvents(nsp, services);
  nsp.OnDisconnect([&services, &watch](realtime::Socket& socket, std::string_view) {
    Disconnected(services, watch, socket);
  });
}

}  // namespace lenslet::api::live

#include "api/live/socket_handler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <exception>

#include "api/conversations/conversations.hpp"
#include "api/live/connected_user.hpp"
#include "api/live/events.hpp"
#include "api/live/handshake.hpp"
#include "api/live/message_events.hpp"
#include "api/live/presence.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

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

// Tells everyone who shares a conversation with `user` that they came online
// or went offline (API.md: presence is shown to them and nobody else).
asio::awaitable<void> AnnouncePresence(Services& services, core::UserId user, bool online) {
  try {
    const auto now = core::NowMillis();
    if (!online) co_await conversations::RecordLastSeen(services, user, now);
    const auto contacts = co_await conversations::Contacts(services, user);
    EmitToUsers(services, contacts, "presence",
                json::object{{"userId", user.ToString()}, {"online", online}, {"lastSeenAt", core::ToIso8601(now)}});
  } catch (const std::exception& e) {
    spdlog::warn("realtime: presence of user {} not announced: {}", user.value, e.what());
  }
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

  socket.data = ConnectedUser{.user = identity->user, .session = identity->session, .profile = views::Author(user)};
  socket.Join(UserRoom(identity->user));
  socket.Join(SessionRoom(identity->session));
  RegisterMessageEvents(socket, services);

  watch.Add(identity->session);
  const bool came_online = services.presence && services.presence->Connected(identity->user);
  const auto executor = co_await asio::this_coro::executor;
  socket.OnDisconnect([&services, &watch, executor, user = identity->user, session = identity->session](
                          realtime::Socket&, std::string_view) {
    watch.Remove(session);
    if (services.presence && services.presence->Disconnected(user)) {
      asio::co_spawn(executor, AnnouncePresence(services, user, false), asio::detached);
    }
  });
  if (came_online) asio::co_spawn(executor, AnnouncePresence(services, identity->user, true), asio::detached);
  co_return realtime::ConnectResult::Accept();
}

}  // namespace

void InstallSocketHandlers(realtime::Server& io, Services& services, SessionWatch& watch) {
  io.Of("/").OnConnection([&services, &watch](realtime::Socket& socket, const json::value& auth) {
    return Connect(services, watch, socket, auth);
  });
}

}  // namespace lenslet::api::live

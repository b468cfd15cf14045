#pragma once
// Socket.IO v5 for application code (socket.io-protocol), on Engine.IO v4
// sessions. The shape follows the JavaScript server, and so do the files:
// socket.hpp (one client in one namespace), namespace.hpp (a namespace, its
// rooms and local delivery), broadcast.hpp (broadcasts and the publisher
// seam), detail/client.hpp (one connection's packets) and this one.
//
//   realtime::Server io(options);
//   auto& nsp = io.Of("/");
//   nsp.OnConnection([](Socket& socket, const json::value& auth) -> awaitable<ConnectResult> {
//     socket.data = user_id;                         // the app's slot
//     socket.Join("user:" + id);
//     co_return ConnectResult::Accept();
//   });
//   // Handlers every accepted socket of the namespace shares (registered once,
//   // before serving: nothing per socket).
//   nsp.On("typing", [](Socket& s, Payload args, Ack ack) -> awaitable<void> { … });
//   nsp.OnDisconnect([](Socket& s, std::string_view reason) { … });
//   io.Of("/").To("user:42").Emit("notification:new", Payload{}.Add(json));
//   io.publisher().EmitToRoom("/", "user:42", "message:new", payload);  // from api/ handlers
//
// Threads: each connection has a strand; its connection and event handlers run
// on it, one at a time per connection, and may co_await. Emit, Join and the
// broadcasts are safe from any thread; sending only queues (bounded, see
// ServerOptions), it never waits for the network.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "realtime/broadcast.hpp"
#include "realtime/namespace.hpp"
#include "realtime/options.hpp"
#include "realtime/payload.hpp"
#include "realtime/socket.hpp"
#include "realtime/transport.hpp"

namespace lenslet::realtime {

namespace detail {
class Engine;
}  // namespace detail

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  const ServerOptions& options() const { return options_; }

  // The namespace `name` ("/", "/admin"), created on first use. Namespaces
  // nobody declared are refused with CONNECT_ERROR "Invalid namespace".
  Namespace& Of(std::string_view name);
  // nullptr when undeclared.
  Namespace* Find(std::string_view name);

  // Broadcasts go through it; InProcessPublisher unless replaced (before serving).
  Publisher& publisher() { return *publisher_; }
  void SetPublisher(std::shared_ptr<Publisher> publisher) { publisher_ = std::move(publisher); }
  // Sends `broadcast` to the matching sockets of this process (adapters call it).
  void DeliverLocal(const Broadcast& broadcast);

  // Transports, called by the HTTP server (see realtime/http_mount/).
  boost::asio::awaitable<HttpAnswer> HandleHttp(HttpRequest request, BodyReader read_body);
  boost::asio::awaitable<void> HandleWebSocket(HttpRequest request, boost::asio::ip::tcp::socket socket);
  // Refuses new connections and closes every one gracefully (server drain).
  void Stop();
  // WebSocket connections of this process (the HTTP server's drain waits for them).
  std::size_t websocket_count() const;

 private:
  const ServerOptions options_;
  std::unique_ptr<detail::Engine> engine_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Namespace>, std::less<>> namespaces_;
  // Last, so it is destroyed first: an adapter's threads (Redis) deliver into
  // the namespaces until the publisher is gone.
  std::shared_ptr<Publisher> publisher_;
};

}  // namespace lenslet::realtime

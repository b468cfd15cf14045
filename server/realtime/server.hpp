#pragma once
// Socket.IO v5 for application code (socket.io-protocol), on Engine.IO v4
// sessions. The shape follows the JavaScript server:
//
//   realtime::Server io(options);
//   io.Of("/").OnConnection([](Socket& socket, const json::value& auth) -> awaitable<ConnectResult> {
//     socket.data = user_id;                         // the app's slot
//     socket.Join("user:" + id);
//     socket.On("typing", [](Socket& s, Payload args, Ack ack) -> awaitable<void> { … });
//     co_return ConnectResult::Accept();
//   });
//   io.Of("/").To("user:42").Emit("notification:new", Payload{}.Add(json));
//   io.publisher().EmitToRoom("/", "user:42", "message:new", payload);  // from api/ handlers
//
// Threads: each connection has a strand; its connection and event handlers run
// on it, one at a time per connection, and may co_await. Emit, Join, Leave,
// Disconnect and the broadcasts are safe from any thread; sending only queues
// (bounded, see ServerOptions), it never waits for the network.
#include <any>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/value.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "realtime/options.hpp"
#include "realtime/protocol/engineio.hpp"
#include "realtime/protocol/socketio.hpp"
#include "realtime/payload.hpp"
#include "realtime/transport.hpp"

namespace lenslet::realtime {

class Namespace;
class Server;
class Socket;
namespace detail {
class Client;
class Engine;
}  // namespace detail

// Answers a client's acknowledgement request; empty when the client asked for
// none. Call it at most once (later calls are ignored).
using Ack = std::function<void(Payload)>;
// Receives the client's answer to a server Emit with an ack.
using AckCallback = std::function<void(Payload)>;
using EventHandler = std::function<boost::asio::awaitable<void>(Socket&, Payload, Ack)>;
using DisconnectHandler = std::function<void(Socket&, std::string_view reason)>;

// The answer to a CONNECT (socket.io-protocol "Connection to a namespace").
struct ConnectResult {
  bool accepted = true;
  // When refused: the client's connect_error gets an Error with this message
  // and `data` (when not null).
  std::string message;
  boost::json::value data;

  static ConnectResult Accept() { return {}; }
  static ConnectResult Refuse(std::string message, boost::json::value data = nullptr) {
    return ConnectResult{false, std::move(message), std::move(data)};
  }
};
// Decides a CONNECT; `auth` is the client's auth payload ({} when none).
using ConnectionHandler = std::function<boost::asio::awaitable<ConnectResult>(Socket&, const boost::json::value& auth)>;

// One client in one namespace (socket.io's server-side Socket).
class Socket : public std::enable_shared_from_this<Socket> {
 public:
  Socket(Namespace& nsp, std::shared_ptr<detail::Client> client, std::string id);

  const std::string& id() const { return id_; }
  Namespace& nsp() const { return nsp_; }
  // Headers (Cookie, Origin, Authorization), URL and address of the first request.
  const Handshake& handshake() const;

  // The application's slot (the user id, say). Use it only from this socket's
  // handlers (they run one at a time on its strand).
  std::any data;

  // Register from the connection handler (or another handler of this socket).
  void On(std::string event, EventHandler handler);
  void OnDisconnect(DisconnectHandler handler);

  void Emit(std::string_view event, Payload args = {});
  void Emit(std::string_view event, Payload args, AckCallback on_ack);

  void Join(const std::string& room);
  void Leave(const std::string& room);
  std::vector<std::string> Rooms() const;

  // Leaves this namespace (the client gets DISCONNECT); with `close_connection`
  // the whole connection closes too, other namespaces included.
  void Disconnect(bool close_connection = false);
  bool connected() const { return connected_.load(); }

 private:
  friend class detail::Client;
  friend class Namespace;

  // Queues the Engine.IO messages of one packet; before the CONNECT answer
  // they wait, so a connection handler's emits follow the CONNECT.
  void SendMessages(std::vector<protocol::EioPacket> messages);
  void SendPacket(protocol::SioPacket packet);
  // Strand only: the CONNECT was answered.
  void MarkConnected();
  // Strand only: the socket left (namespace DISCONNECT, connection closed).
  void MarkClosed(std::string_view reason);
  void HandleEvent(protocol::SioPacket packet);
  void HandleAck(protocol::SioPacket packet);

  Namespace& nsp_;
  std::shared_ptr<detail::Client> client_;
  const std::string id_;
  std::atomic<bool> connected_{false};

  // Strand only.
  std::unordered_map<std::string, EventHandler> handlers_;
  std::vector<DisconnectHandler> on_disconnect_;

  // Guarded by mutex_ (held only to queue, never across I/O).
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::vector<protocol::EioPacket>> before_connect_;
  std::uint64_t next_ack_id_ = 0;
  std::map<std::uint64_t, AckCallback> acks_;

  // Guarded by the namespace's mutex.
  std::set<std::string> rooms_;
  bool removed_ = false;
};

// What a broadcast reaches: the sockets of `nsp` in any of `rooms` (all of the
// namespace when empty) and in none of `except`. Plain data, so an adapter can
// carry it to other processes.
struct Broadcast {
  // kEmit sends `event` with `args`; kDisconnect closes the matching
  // connections instead (a logout ends that login's sockets in every process).
  enum class Kind { kEmit, kDisconnect };
  Kind kind = Kind::kEmit;
  std::string nsp = "/";
  std::vector<std::string> rooms;
  std::vector<std::string> except;
  std::string event;
  Payload args;

  friend bool operator==(const Broadcast&, const Broadcast&) = default;
};

// The fan-out seam (DESIGN.md "adapter: in-process | Redis pub/sub"): api/
// code publishes, and every process delivers to its own sockets with
// Server::DeliverLocal. Implementations must be thread-safe.
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void Publish(Broadcast broadcast) = 0;

  void EmitToRoom(std::string_view nsp, std::string_view room, std::string_view event, Payload args);
  // Closes the connections of the sockets of `nsp` in `room`, in every process.
  void DisconnectRoom(std::string_view nsp, std::string_view room);
};

// One process: publishing is delivering.
class InProcessPublisher final : public Publisher {
 public:
  explicit InProcessPublisher(Server& server) : server_(server) {}
  void Publish(Broadcast broadcast) override;

 private:
  Server& server_;
};

// ns.To("a").To("b").Except("c").Emit(…): through the server's publisher.
class BroadcastOperator {
 public:
  BroadcastOperator(Server& server, Broadcast broadcast) : server_(server), broadcast_(std::move(broadcast)) {}
  BroadcastOperator To(std::string room) &&;
  BroadcastOperator Except(std::string room) &&;
  void Emit(std::string_view event, Payload args = {}) &&;

 private:
  Server& server_;
  Broadcast broadcast_;
};

class Namespace {
 public:
  Namespace(Server& server, std::string name) : server_(server), name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // Without a handler every CONNECT is accepted. Set it before serving.
  void OnConnection(ConnectionHandler handler) { on_connection_ = std::move(handler); }

  BroadcastOperator To(std::string room);
  BroadcastOperator Except(std::string room);
  // To every socket of the namespace.
  void Emit(std::string_view event, Payload args = {});
  // Sockets of this process.
  std::size_t size() const;

 private:
  friend class Server;
  friend class Socket;
  friend class detail::Client;

  void Add(const std::shared_ptr<Socket>& socket);
  void Remove(Socket& socket);
  void Join(Socket& socket, const std::string& room);
  void Leave(Socket& socket, const std::string& room);
  void DeliverLocal(const Broadcast& broadcast);

  Server& server_;
  const std::string name_;
  ConnectionHandler on_connection_;
  mutable std::mutex mutex_;
  std::unordered_map<Socket*, std::shared_ptr<Socket>> sockets_;
  std::unordered_map<std::string, std::unordered_map<Socket*, std::shared_ptr<Socket>>> rooms_;
};

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
  // Engine.IO sessions of this process.
  std::size_t connection_count() const;
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

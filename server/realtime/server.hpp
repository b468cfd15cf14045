#pragma once
// Socket.IO v5 for application code (socket.io-protocol), on Engine.IO v4
// sessions. The shape follows the JavaScript server:
//
//   realtime::Server io(options);
//   auto& nsp = io.Of("/");
//   nsp.OnConnection([](Socket& socket, const json::value& auth) -> awaitable<ConnectResult> {
//     socket.data = user_id;                         // the app's slot
//     socket.Join("user:" + id);
//     co_return ConnectResult::Accept();
//   });
//   // Handlers every accepted socket of the namespace shares (registered once,
//   // before serving: nothing per socket). Socket::On adds one socket's own.
//   nsp.On("typing", [](Socket& s, Payload args, Ack ack) -> awaitable<void> { … });
//   nsp.OnDisconnect([](Socket& s, std::string_view reason) { … });
//   io.Of("/").To("user:42").Emit("notification:new", Payload{}.Add(json));
//   io.publisher().EmitToRoom("/", "user:42", "message:new", payload);  // from api/ handlers
//
// Threads: each connection has a strand; its connection and event handlers run
// on it, one at a time per connection, and may co_await. Emit, Join, Leave,
// Disconnect and the broadcasts are safe from any thread; sending only queues
// (bounded, see ServerOptions), it never waits for the network.
//
// Memory: an idle socket costs a few hundred bytes (bench/README.md
// "Socket.IO"), so nothing here is kept per socket that can be kept once per
// namespace: shared handlers, and the room named by a socket's id is the
// namespace's id index rather than a room of its own.
#include <any>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/value.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
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
class RoomMembers;
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
  // The strand this socket's handlers run on (to start work that must run
  // one at a time with them, or after the socket is gone).
  const boost::asio::any_io_executor& executor() const;

  // The application's slot (the user id, say). Use it only from this socket's
  // handlers (they run one at a time on its strand).
  std::any data;

  // This socket's own handlers, beside the namespace's (Namespace::On); for
  // an event both name, this socket's wins. Register from the connection
  // handler (or another handler of this socket).
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

  // Allocated by the first Socket::On/OnDisconnect: most sockets have none.
  struct OwnHandlers {
    std::vector<std::pair<std::string, EventHandler>> events;
    std::vector<DisconnectHandler> on_disconnect;
  };

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
  const EventHandler* FindHandler(std::string_view event) const;

  Namespace& nsp_;
  std::shared_ptr<detail::Client> client_;
  const std::string id_;
  std::atomic<bool> connected_{false};

  // Strand only.
  bool accepted_ = false;  // the connection handler accepted: the namespace's OnDisconnect runs
  std::unique_ptr<OwnHandlers> own_;

  // Guarded by mutex_ (held only to queue, never across I/O).
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::vector<protocol::EioPacket>> before_connect_;
  std::uint64_t next_ack_id_ = 0;
  // Acks awaited, oldest first (ids only grow): rarely more than a few.
  std::vector<std::pair<std::uint64_t, AckCallback>> acks_;

  // Guarded by the namespace's mutex.
  // The namespace's keys of the rooms joined (stable: unordered_map nodes),
  // the room named by the id aside.
  std::vector<const std::string*> rooms_;
  bool in_own_room_ = true;  // socket.io lets a socket leave the room of its own id
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

namespace detail {

// The sockets of one room. Most rooms hold one socket or a few (a user's
// devices, one login's), so a plain vector (one small block) holds them;
// past kFew members a hash map keeps Leave and Remove O(1) for a big room.
class RoomMembers {
 public:
  void Insert(const std::shared_ptr<Socket>& socket);
  void Erase(const Socket* socket);
  bool empty() const { return many_ ? many_->empty() : few_.empty(); }
  template <typename F>
  void ForEach(F&& f) const {
    if (many_) {
      for (const auto& [raw, socket] : *many_) f(socket);
    } else {
      for (const auto& socket : few_) f(socket);
    }
  }

 private:
  static constexpr std::size_t kFew = 16;
  std::vector<std::shared_ptr<Socket>> few_;
  std::unique_ptr<std::unordered_map<const Socket*, std::shared_ptr<Socket>>> many_;
};

}  // namespace detail

class Namespace {
 public:
  Namespace(Server& server, std::string name) : server_(server), name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // Set these before serving (they are read without a lock).
  // Without a connection handler every CONNECT is accepted.
  void OnConnection(ConnectionHandler handler) { on_connection_ = std::move(handler); }
  // `event` from any accepted socket of this namespace (unless the socket has
  // its own handler for it, Socket::On).
  void On(std::string event, EventHandler handler);
  // Any accepted socket that leaves (after the socket's own OnDisconnect
  // handlers), also one whose connection closed while its connection handler ran.
  void OnDisconnect(DisconnectHandler handler) { on_disconnect_.push_back(std::move(handler)); }

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
  std::vector<std::string> RoomsOf(const Socket& socket) const;
  // Under mutex_: calls `f` with every socket in `room` (a socket more than
  // once when it is also in the room named by its own id).
  template <typename F>
  void ForEachIn(const std::string& room, F&& f) const;
  void DeliverLocal(const Broadcast& broadcast);
  const EventHandler* FindHandler(std::string_view event) const;

  Server& server_;
  const std::string name_;
  ConnectionHandler on_connection_;
  std::map<std::string, EventHandler, std::less<>> handlers_;
  std::vector<DisconnectHandler> on_disconnect_;
  mutable std::mutex mutex_;
  // Accepted sockets by id (keys view the socket's own id_). It is also every
  // socket's own-id room (socket.io "Rooms"), so that needs no entry in rooms_.
  std::unordered_map<std::string_view, std::shared_ptr<Socket>> sockets_;
  std::unordered_map<std::string, detail::RoomMembers> rooms_;
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

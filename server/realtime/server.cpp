#include "realtime/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <algorithm>
#include <utility>

#include "realtime/detail/engine.hpp"
#include "realtime/detail/random_id.hpp"

namespace lenslet::realtime {
namespace net = boost::asio;
namespace json = boost::json;
using protocol::EioPacket;
using protocol::SioPacket;
using protocol::SioPacketType;

namespace {

void LogFailure(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("socket.io handler failed: {}", e.what());
  } catch (...) {
    spdlog::error("socket.io handler failed");
  }
}

// [event, ...args] of an EVENT packet.
SioPacket EventPacket(const std::string& nsp, std::string_view event, Payload args) {
  SioPacket packet{.type = SioPacketType::kEvent, .nsp = nsp};
  json::array data;
  data.reserve(args.args.size() + 1);
  data.emplace_back(event);
  for (auto& arg : args.args) data.push_back(std::move(arg));
  packet.data = std::move(data);
  packet.attachments = std::move(args.attachments);
  return packet;
}

}  // namespace

namespace detail {

// The Socket.IO side of one Engine.IO session (socket.io's server-side
// Client): reassembles packets and routes them to the namespace sockets.
class Client final : public SessionListener, public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, std::shared_ptr<EngineSession> session)
      : server_(server), session_(std::move(session)) {}

  const std::shared_ptr<EngineSession>& session() const { return session_; }

  // socket.io "connectTimeout": a client that joins no namespace in time is
  // closed. The heartbeat sweep watches the deadline: no timer per client.
  void Start() {
    session_->CloseAt(std::chrono::steady_clock::now() + server_.options().connect_timeout, "connect timeout");
  }

  void OnMessage(EioPacket message) override {
    protocol::Result<std::optional<SioPacket>> decoded = std::optional<SioPacket>();
    {
      std::lock_guard lock(decoder_mutex_);
      decoded = decoder_.OnMessage(std::move(message));
    }
    if (!decoded) {
      // A malformed packet ends this connection, and only this one.
      spdlog::debug("socket.io client {}: {}", session_->sid(), decoded.error().message);
      session_->Close("parse error", false);
      return;
    }
    if (!decoded->has_value()) return;  // attachments still to come
    net::post(session_->strand(), [self = shared_from_this(), packet = std::move(**decoded)]() mutable {
      self->Dispatch(std::move(packet));
    });
  }

  void OnClose(std::string_view reason) override {
    net::post(session_->strand(), [self = shared_from_this(), reason = std::string(reason)] {
      self->closed_ = true;
      auto sockets = std::move(self->sockets_);
      self->sockets_.clear();
      for (auto& socket : sockets) socket->MarkClosed(reason);
    });
  }

  void SendPacket(SioPacket packet) { session_->Send(protocol::ToEngineIoMessages(std::move(packet))); }

  // Strand only.
  void Forget(const Namespace& nsp) {
    std::erase_if(sockets_, [&](const auto& socket) { return &socket->nsp() == &nsp; });
  }

 private:
  // Strand only, like the members below.
  void Dispatch(SioPacket packet) {
    if (closed_) return;
    switch (packet.type) {
      case SioPacketType::kConnect:
        Connect(std::move(packet));
        return;
      case SioPacketType::kEvent:
      case SioPacketType::kAck:
      case SioPacketType::kDisconnect: {
        // socket.io ignores packets for a namespace the client has not joined.
        const auto it = FindSocket(packet.nsp);
        if (it == sockets_.end()) return;
        const auto socket = *it;
        if (packet.type == SioPacketType::kEvent) socket->HandleEvent(std::move(packet));
        if (packet.type == SioPacketType::kAck) socket->HandleAck(std::move(packet));
        if (packet.type == SioPacketType::kDisconnect) {
          sockets_.erase(it);
          socket->MarkClosed("client namespace disconnect");
        }
        return;
      }
      default:
        // CONNECT_ERROR and the binary types never come from a client.
        session_->Close("parse error", false);
        return;
    }
  }

  std::vector<std::shared_ptr<Socket>>::iterator FindSocket(std::string_view nsp) {
    return std::find_if(sockets_.begin(), sockets_.end(),
                        [&](const auto& socket) { return socket->nsp().name() == nsp; });
  }

  void Connect(SioPacket packet) {
    if (FindSocket(packet.nsp) != sockets_.end()) return;
    Namespace* nsp = server_.Find(packet.nsp);
    if (nsp == nullptr) {
      SendPacket(SioPacket{.type = SioPacketType::kConnectError,
                           .nsp = packet.nsp,
                           .data = json::object{{"message", "Invalid namespace"}}});
      return;
    }
    if (std::find(connecting_.begin(), connecting_.end(), nsp) != connecting_.end()) return;
    connecting_.push_back(nsp);
    auto socket = std::make_shared<Socket>(*nsp, shared_from_this(), RandomId());
    json::value auth = packet.data ? std::move(*packet.data) : json::value(json::object{});
    net::co_spawn(
        session_->strand(),
        [self = shared_from_this(), socket, auth = std::move(auth)]() { return self->RunConnect(socket, auth); },
        LogFailure);
  }

  net::awaitable<void> RunConnect(std::shared_ptr<Socket> socket, json::value auth) {
    Namespace& nsp = socket->nsp();
    ConnectResult result;
    if (nsp.on_connection_) {
      try {
        result = co_await nsp.on_connection_(*socket, auth);
      } catch (const std::exception& e) {
        spdlog::error("socket.io connection handler of {} failed: {}", nsp.name(), e.what());
        result = ConnectResult::Refuse("Internal error");
      }
    }
    std::erase(connecting_, &nsp);
    // Before the transport check: the app's namespace OnDisconnect undoes
    // what an accepting connection handler did, even for a client gone meanwhile.
    socket->accepted_ = result.accepted;
    if (closed_) {
      socket->MarkClosed("transport close");
      co_return;
    }
    if (!result.accepted) {
      json::object error{{"message", result.message}};
      if (!result.data.is_null()) error["data"] = std::move(result.data);
      SendPacket(SioPacket{.type = SioPacketType::kConnectError, .nsp = nsp.name(), .data = std::move(error)});
      nsp.Remove(*socket);
      co_return;
    }
    sockets_.push_back(socket);
    session_->CloseAt(std::nullopt);  // joined in time
    nsp.Add(socket);
    SendPacket(SioPacket{.type = SioPacketType::kConnect, .nsp = nsp.name(), .data = json::object{{"sid", socket->id()}}});
    socket->MarkConnected();
  }

  Server& server_;
  std::shared_ptr<EngineSession> session_;
  std::mutex decoder_mutex_;
  protocol::SioDecoder decoder_;
  bool closed_ = false;
  // One per namespace joined, and the namespaces whose connection handler
  // runs: a client joins one or two, so vectors, not maps.
  std::vector<std::shared_ptr<Socket>> sockets_;
  std::vector<const Namespace*> connecting_;
};

}  // namespace detail

// ---- Socket

Socket::Socket(Namespace& nsp, std::shared_ptr<detail::Client> client, std::string id)
    : nsp_(nsp), client_(std::move(client)), id_(std::move(id)) {}

const Handshake& Socket::handshake() const { return client_->session()->handshake(); }

const net::any_io_executor& Socket::executor() const { return client_->session()->strand(); }

void Socket::On(std::string event, EventHandler handler) {
  if (!own_) own_ = std::make_unique<OwnHandlers>();
  for (auto& [name, existing] : own_->events) {
    if (name == event) {
      existing = std::move(handler);
      return;
    }
  }
  own_->events.emplace_back(std::move(event), std::move(handler));
}

void Socket::OnDisconnect(DisconnectHandler handler) {
  if (!own_) own_ = std::make_unique<OwnHandlers>();
  own_->on_disconnect.push_back(std::move(handler));
}

const EventHandler* Socket::FindHandler(std::string_view event) const {
  if (own_) {
    for (const auto& [name, handler] : own_->events) {
      if (name == event) return &handler;
    }
  }
  return nsp_.FindHandler(event);
}

void Socket::Emit(std::string_view event, Payload args) {
  SendMessages(protocol::ToEngineIoMessages(EventPacket(nsp_.name(), event, std::move(args))));
}

void Socket::Emit(std::string_view event, Payload args, AckCallback on_ack) {
  SioPacket packet = EventPacket(nsp_.name(), event, std::move(args));
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    packet.ack_id = next_ack_id_++;
    acks_.emplace_back(*packet.ack_id, std::move(on_ack));
  }
  SendMessages(protocol::ToEngineIoMessages(std::move(packet)));
}

void Socket::SendMessages(std::vector<EioPacket> messages) {
  // WARNING: the lock only orders this queueing against MarkConnected's flush;
  // Send() queues and returns, it never waits for the network.
  std::lock_guard lock(mutex_);
  if (closed_) return;
  if (!connected_.load()) {
    before_connect_.push_back(std::move(messages));
    return;
  }
  client_->session()->Send(std::move(messages));
}

void Socket::SendPacket(SioPacket packet) { SendMessages(protocol::ToEngineIoMessages(std::move(packet))); }

void Socket::MarkConnected() {
  std::lock_guard lock(mutex_);
  connected_.store(true);
  for (auto& messages : before_connect_) client_->session()->Send(std::move(messages));
  before_connect_.clear();
}

void Socket::MarkClosed(std::string_view reason) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    connected_.store(false);
    before_connect_.clear();
    acks_.clear();
  }
  nsp_.Remove(*this);
  // Dropping our own handlers also breaks cycles through what they capture.
  const auto own = std::move(own_);
  if (own) {
    for (const auto& handler : own->on_disconnect) handler(*this, reason);
  }
  if (std::exchange(accepted_, false)) {
    for (const auto& handler : nsp_.on_disconnect_) handler(*this, reason);
  }
  own_.reset();
}

void Socket::HandleEvent(SioPacket packet) {
  auto& data = packet.data->as_array();  // the codec guarantees [name, ...args]
  const EventHandler* handler = FindHandler(data.front().as_string());
  if (handler == nullptr) return;
  Payload args;
  args.args.reserve(data.size() - 1);
  for (std::size_t i = 1; i < data.size(); ++i) args.args.push_back(std::move(data[i]));
  args.attachments = std::move(packet.attachments);
  Ack ack;
  if (packet.ack_id) {
    auto answered = std::make_shared<std::atomic<bool>>(false);
    ack = [weak = weak_from_this(), id = *packet.ack_id, answered](Payload reply) {
      if (answered->exchange(true)) return;
      const auto self = weak.lock();
      if (!self) return;
      SioPacket ack_packet{.type = SioPacketType::kAck, .nsp = self->nsp_.name(), .ack_id = id};
      ack_packet.data = std::move(reply.args);
      ack_packet.attachments = std::move(reply.attachments);
      self->SendPacket(std::move(ack_packet));
    };
  }
  net::co_spawn(
      client_->session()->strand(),
      [handler = *handler, self = shared_from_this(), args = std::move(args), ack = std::move(ack)]() mutable {
        return handler(*self, std::move(args), std::move(ack));
      },
      LogFailure);
}

void Socket::HandleAck(SioPacket packet) {
  AckCallback callback;
  {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(acks_.begin(), acks_.end(),
                                 [&](const auto& pending) { return pending.first == *packet.ack_id; });
    if (it == acks_.end()) return;
    callback = std::move(it->second);
    acks_.erase(it);
  }
  Payload reply;
  reply.args = std::move(packet.data->as_array());
  reply.attachments = std::move(packet.attachments);
  if (callback) callback(std::move(reply));
}

void Socket::Join(const std::string& room) { nsp_.Join(*this, room); }

void Socket::Leave(const std::string& room) { nsp_.Leave(*this, room); }

std::vector<std::string> Socket::Rooms() const { return nsp_.RoomsOf(*this); }

void Socket::Disconnect(bool close_connection) {
  net::post(client_->session()->strand(), [self = shared_from_this(), close_connection] {
    if (self->connected_.load()) {
      self->client_->session()->Send(protocol::ToEngineIoMessages(
          SioPacket{.type = SioPacketType::kDisconnect, .nsp = self->nsp_.name()}));
    }
    self->client_->Forget(self->nsp_);
    self->MarkClosed("server namespace disconnect");
    if (close_connection) self->client_->session()->Close("forced close", true);
  });
}

// ---- Rooms

namespace detail {

void RoomMembers::Insert(const std::shared_ptr<Socket>& socket) {
  if (many_) {
    many_->emplace(socket.get(), socket);
    return;
  }
  few_.push_back(socket);
  if (few_.size() > kFew) {
    many_ = std::make_unique<std::unordered_map<const Socket*, std::shared_ptr<Socket>>>();
    for (auto& member : few_) many_->emplace(member.get(), std::move(member));
    std::vector<std::shared_ptr<Socket>>().swap(few_);
  }
}

void RoomMembers::Erase(const Socket* socket) {
  if (many_) {
    many_->erase(socket);
    return;
  }
  const auto it = std::find_if(few_.begin(), few_.end(), [&](const auto& member) { return member.get() == socket; });
  if (it == few_.end()) return;
  *it = std::move(few_.back());
  few_.pop_back();
}

}  // namespace detail

// ---- Namespace

void Namespace::On(std::string event, EventHandler handler) { handlers_[std::move(event)] = std::move(handler); }

const EventHandler* Namespace::FindHandler(std::string_view event) const {
  const auto it = handlers_.find(event);
  return it == handlers_.end() ? nullptr : &it->second;
}

void Namespace::Add(const std::shared_ptr<Socket>& socket) {
  std::lock_guard lock(mutex_);
  if (socket->removed_) return;
  sockets_[socket->id()] = socket;
}

void Namespace::Remove(Socket& socket) {
  std::lock_guard lock(mutex_);
  socket.removed_ = true;
  sockets_.erase(socket.id());
  for (const std::string* room : socket.rooms_) {
    const auto it = rooms_.find(*room);
    if (it == rooms_.end()) continue;
    it->second.Erase(&socket);
    if (it->second.empty()) rooms_.erase(it);  // nobody points at its key any more
  }
  std::vector<const std::string*>().swap(socket.rooms_);
}

void Namespace::Join(Socket& socket, const std::string& room) {
  std::lock_guard lock(mutex_);
  if (socket.removed_) return;
  if (room == socket.id()) {
    socket.in_own_room_ = true;
    return;
  }
  const auto [it, created] = rooms_.try_emplace(room);
  if (!created && std::find(socket.rooms_.begin(), socket.rooms_.end(), &it->first) != socket.rooms_.end()) return;
  it->second.Insert(socket.shared_from_this());
  socket.rooms_.push_back(&it->first);
}

void Namespace::Leave(Socket& socket, const std::string& room) {
  std::lock_guard lock(mutex_);
  if (room == socket.id()) {
    socket.in_own_room_ = false;
    return;
  }
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  const auto mine = std::find(socket.rooms_.begin(), socket.rooms_.end(), &it->first);
  if (mine == socket.rooms_.end()) return;
  socket.rooms_.erase(mine);
  it->second.Erase(&socket);
  if (it->second.empty()) rooms_.erase(it);
}

std::vector<std::string> Namespace::RoomsOf(const Socket& socket) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> rooms;
  rooms.reserve(socket.rooms_.size() + 1);
  if (socket.in_own_room_) rooms.push_back(socket.id());
  for (const std::string* room : socket.rooms_) rooms.push_back(*room);
  std::sort(rooms.begin(), rooms.end());
  return rooms;
}

template <typename F>
void Namespace::ForEachIn(const std::string& room, F&& f) const {
  if (const auto it = rooms_.find(room); it != rooms_.end()) it->second.ForEach(f);
  // The room named by a socket's id (Socket.IO puts every socket in one).
  if (const auto it = sockets_.find(room); it != sockets_.end() && it->second->in_own_room_) f(it->second);
}

std::size_t Namespace::size() const {
  std::lock_guard lock(mutex_);
  return sockets_.size();
}

BroadcastOperator Namespace::To(std::string room) {
  return BroadcastOperator(server_, Broadcast{.nsp = name_, .rooms = {std::move(room)}});
}

BroadcastOperator Namespace::Except(std::string room) {
  return BroadcastOperator(server_, Broadcast{.nsp = name_, .except = {std::move(room)}});
}

void Namespace::Emit(std::string_view event, Payload args) {
  BroadcastOperator(server_, Broadcast{.nsp = name_}).Emit(event, std::move(args));
}

void Namespace::DeliverLocal(const Broadcast& broadcast) {
  std::vector<std::shared_ptr<Socket>> targets;
  {
    // Copy the subscribers under the lock, send after releasing it.
    std::lock_guard lock(mutex_);
    if (broadcast.rooms.empty()) {
      targets.reserve(sockets_.size());
      for (const auto& [id, socket] : sockets_) targets.push_back(socket);
    } else {
      for (const auto& room : broadcast.rooms) {
        ForEachIn(room, [&](const std::shared_ptr<Socket>& socket) { targets.push_back(socket); });
      }
      // Each socket once, however many of the rooms it is in.
      const auto by_address = [](const auto& a, const auto& b) { return a.get() < b.get(); };
      std::sort(targets.begin(), targets.end(), by_address);
      targets.erase(std::unique(targets.begin(), targets.end(),
                                [](const auto& a, const auto& b) { return a.get() == b.get(); }),
                    targets.end());
    }
    if (!broadcast.except.empty() && !targets.empty()) {
      std::vector<const Socket*> excluded;
      for (const auto& room : broadcast.except) {
        ForEachIn(room, [&](const std::shared_ptr<Socket>& socket) { excluded.push_back(socket.get()); });
      }
      std::sort(excluded.begin(), excluded.end());
      std::erase_if(targets, [&](const auto& socket) {
        return std::binary_search(excluded.begin(), excluded.end(), socket.get());
      });
    }
  }
  if (targets.empty()) return;
  if (broadcast.kind == Broadcast::Kind::kDisconnect) {
    for (const auto& socket : targets) socket->Disconnect(/*close_connection=*/true);
    return;
  }
  // Encoded once for everyone.
  const auto messages = protocol::ToEngineIoMessages(EventPacket(name_, broadcast.event, broadcast.args));
  for (const auto& socket : targets) socket->SendMessages(messages);
}

// ---- Broadcasts

void Publisher::EmitToRoom(std::string_view nsp, std::string_view room, std::string_view event, Payload args) {
  Publish(Broadcast{.nsp = std::string(nsp), .rooms = {std::string(room)}, .event = std::string(event),
                    .args = std::move(args)});
}

void Publisher::DisconnectRoom(std::string_view nsp, std::string_view room) {
  Publish(Broadcast{.kind = Broadcast::Kind::kDisconnect, .nsp = std::string(nsp), .rooms = {std::string(room)}});
}

void InProcessPublisher::Publish(Broadcast broadcast) { server_.DeliverLocal(broadcast); }

BroadcastOperator BroadcastOperator::To(std::string room) && {
  broadcast_.rooms.push_back(std::move(room));
  return std::move(*this);
}

BroadcastOperator BroadcastOperator::Except(std::string room) && {
  broadcast_.except.push_back(std::move(room));
  return std::move(*this);
}

void BroadcastOperator::Emit(std::string_view event, Payload args) && {
  broadcast_.event = std::string(event);
  broadcast_.args = std::move(args);
  server_.publisher().Publish(std::move(broadcast_));
}

// ---- Server

Server::Server(ServerOptions options)
    : options_(std::move(options)), publisher_(std::make_shared<InProcessPublisher>(*this)) {
  engine_ = std::make_unique<detail::Engine>(options_, [this](const std::shared_ptr<detail::EngineSession>& session) {
    auto client = std::make_shared<detail::Client>(*this, session);
    session->SetListener(client);
    client->Start();
  });
}

Server::~Server() = default;

Namespace& Server::Of(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = namespaces_.find(name);
  if (it == namespaces_.end()) {
    it = namespaces_.emplace(std::string(name), std::make_unique<Namespace>(*this, std::string(name))).first;
  }
  return *it->second;
}

Namespace* Server::Find(std::string_view name) {
  std::lock_guard lock(mutex_);
  const auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second.get();
}

void Server::DeliverLocal(const Broadcast& broadcast) {
  if (Namespace* nsp = Find(broadcast.nsp)) nsp->DeliverLocal(broadcast);
}

net::awaitable<HttpAnswer> Server::HandleHttp(HttpRequest request, BodyReader read_body) {
  co_return co_await engine_->HandleHttp(std::move(request), std::move(read_body));
}

net::awaitable<void> Server::HandleWebSocket(HttpRequest request, net::ip::tcp::socket socket) {
  co_await engine_->HandleWebSocket(std::move(request), std::move(socket));
}

void Server::Stop() { engine_->Stop(); }

std::size_t Server::connection_count() const { return engine_->session_count(); }

std::size_t Server::websocket_count() const { return engine_->websocket_count(); }

}  // namespace lenslet::realtime

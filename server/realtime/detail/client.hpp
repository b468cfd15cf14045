#pragma once
// The Socket.IO side of one Engine.IO session (socket.io's server-side
// Client): reassembles packets and routes them to the sockets of the
// namespaces joined over it.
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "realtime/detail/engine.hpp"
#include "realtime/protocol/socketio.hpp"

namespace lenslet::realtime {
class Namespace;
class Server;
class Socket;
}  // namespace lenslet::realtime

namespace lenslet::realtime::detail {

class Client final : public SessionListener, public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, std::shared_ptr<EngineSession> session)
      : server_(server), session_(std::move(session)) {}

  const std::shared_ptr<EngineSession>& session() const { return session_; }

  // socket.io "connectTimeout": a client that joins no namespace in time is
  // closed. The heartbeat sweep watches the deadline: no timer per client.
  void Start();

  void OnMessage(protocol::EioPacket message) override;
  void OnClose(std::string_view reason) override;

  // Strand only: `nsp`'s socket has left.
  void Forget(const Namespace& nsp);

 private:
  // Strand only, like the members below.
  void Dispatch(protocol::SioPacket packet);
  std::vector<std::shared_ptr<Socket>>::iterator FindSocket(std::string_view nsp);
  void Connect(protocol::SioPacket packet);
  boost::asio::awaitable<void> RunConnect(std::shared_ptr<Socket> socket, boost::json::value auth);
  void SendPacket(protocol::SioPacket packet);

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

}  // namespace lenslet::realtime::detail

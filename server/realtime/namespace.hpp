#pragma once
// A Socket.IO namespace ("/", "/admin"): its handlers, its sockets and their
// rooms, and delivery of a broadcast to the sockets of this process.
//
// Memory: an idle socket costs a few hundred bytes (docs/bench-history.md
// "Evening of 2026-11-25: per-socket state, and checkpoints off the write
// path"), so nothing is kept per socket that can be kept once per
// namespace: shared handlers, and the room named by a socket's id is the
// namespace's id index rather than a room of its own.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/metrics.hpp"
#include "realtime/broadcast.hpp"
#include "realtime/detail/room_members.hpp"
#include "realtime/socket.hpp"

namespace lenslet::realtime {

class Server;
namespace detail {
class Client;
}  // namespace detail

class Namespace {
 public:
  Namespace(Server& server, std::string name) : server_(server), name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // Set these before serving (they are read without a lock).
  // Without a connection handler every CONNECT is accepted.
  void OnConnection(ConnectionHandler handler) { on_connection_ = std::move(handler); }
  // `event` from any accepted socket of this namespace.
  void On(std::string event, EventHandler handler);
  // Any accepted socket that leaves, also one whose connection closed while
  // its connection handler ran.
  void OnDisconnect(DisconnectHandler handler) { on_disconnect_.push_back(std::move(handler)); }

  // A broadcast to the sockets in `room`, through the server's publisher.
  BroadcastOperator To(std::string room);

 private:
  friend class Server;
  friend class Socket;
  friend class detail::Client;

  void Add(const std::shared_ptr<Socket>& socket);
  void Remove(Socket& socket);
  void Join(Socket& socket, const std::string& room);
  // Under mutex_: calls `f` with every socket in `room`.
  template <typename F>
  void ForEachIn(const std::string& room, F&& f) const;
  // Sends `broadcast` to the matching sockets of this process.
  void DeliverLocal(const Broadcast& broadcast);
  const EventHandler* FindHandler(std::string_view event) const;
  // Counts an event received from a client (lenslet_socketio_events_received_total).
  void CountReceived(std::string_view event) const;

  Server& server_;
  const std::string name_;
  ConnectionHandler on_connection_;
  std::map<std::string, EventHandler, std::less<>> handlers_;
  // One counter per handled event, made with its handler (handlers are all
  // registered before serving, so reading this needs no lock).
  std::map<std::string, core::metrics::Counter*, std::less<>> received_;
  std::vector<DisconnectHandler> on_disconnect_;
  mutable std::mutex mutex_;
  // Accepted sockets by id (keys view the socket's own id_). It is also every
  // socket's own-id room (socket.io "Rooms"), so that needs no entry in rooms_.
  std::unordered_map<std::string_view, std::shared_ptr<Socket>> sockets_;
  std::unordered_map<std::string, detail::RoomMembers> rooms_;
};

}  // namespace lenslet::realtime

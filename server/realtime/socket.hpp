#pragma once
// One client in one namespace (socket.io's server-side Socket), and the
// handler types a namespace is programmed with.
#include <any>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/options.hpp"
#include "realtime/payload.hpp"
#include "realtime/protocol/engineio.hpp"
#include "realtime/protocol/socketio.hpp"

namespace lenslet::realtime {

class Namespace;
class Socket;
namespace detail {
class Client;
}  // namespace detail

// Answers a client's acknowledgement request; empty when the client asked for
// none. Call it at most once (later calls are ignored).
using Ack = std::function<void(Payload)>;
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

  void Emit(std::string_view event, Payload args = {});
  // Also in the room named by its id, from the start (socket.io "Rooms").
  void Join(const std::string& room);
  // Any thread: leaves the namespace (the client gets DISCONNECT) and closes
  // the whole connection (a logout's broadcast, Broadcast::Kind::kDisconnect;
  // a login's access token expiring, api/live/session_watch.cpp).
  void DisconnectConnection();

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
  Namespace& nsp_;
  std::shared_ptr<detail::Client> client_;
  const std::string id_;
  std::atomic<bool> connected_{false};

  // Strand only: the connection handler accepted, so the namespace's
  // OnDisconnect handlers run when it leaves.
  bool accepted_ = false;

  // Guarded by mutex_ (held only to queue, never across I/O).
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::vector<protocol::EioPacket>> before_connect_;

  // Guarded by the namespace's mutex.
  // The namespace's keys of the rooms joined (stable: unordered_map nodes),
  // the room named by the id aside.
  std::vector<const std::string*> rooms_;
  bool removed_ = false;
};

}  // namespace lenslet::realtime

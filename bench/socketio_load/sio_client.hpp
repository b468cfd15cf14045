#pragma once
// One Socket.IO v5 client over a WebSocket (Engine.IO v4, no polling), with
// only what the load generator needs: open, join "/" with an auth payload,
// answer the server's pings, emit events (with or without an ack id), and hand
// received EVENTs and ACKs to its owner. The codec is the server's own
// (realtime/protocol), so client and server share one reading of the spec.
//
// Not thread-safe: every call runs on the io_context that owns the client.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "realtime/protocol/socketio.hpp"

namespace lenslet::bench {

class SioClient;

// What a client tells its owner; called on the client's io_context.
class SioClientHandler {
 public:
  virtual ~SioClientHandler() = default;
  virtual void OnEvent(SioClient& client, std::string_view name, const boost::json::array& args) = 0;
  virtual void OnAck(SioClient& client, std::uint64_t ack_id, const boost::json::array& args) = 0;
};

class SioClient {
 public:
  SioClient(boost::asio::io_context& io, std::size_t index, SioClientHandler& handler);
  SioClient(const SioClient&) = delete;
  SioClient& operator=(const SioClient&) = delete;

  // TCP connect (from `source` when given), WebSocket handshake on
  // /socket.io/?EIO=4&transport=websocket, Engine.IO open, Socket.IO CONNECT
  // with `auth`, all within `timeout`. Returns empty on success, else why it
  // failed ("refused", "timeout", "connect_error: <server's message>", …).
  boost::asio::awaitable<std::string> Open(boost::asio::ip::tcp::endpoint server,
                                           std::optional<boost::asio::ip::address_v4> source, std::string host,
                                           boost::json::value auth, std::chrono::milliseconds timeout);
  // After a successful Open: reads until the connection ends; returns why it ended.
  boost::asio::awaitable<std::string> Run();
  // Queues an EVENT ["<event>", arg]; the ack, if asked for, comes back via OnAck.
  void Emit(std::string_view event, boost::json::value arg, std::optional<std::uint64_t> ack_id = {});
  // Drops the TCP connection (no close handshake): pending reads and writes end.
  void Close();

  std::size_t index() const { return index_; }
  bool open() const { return open_; }

 private:
  using Stream = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;

  // Reads one frame and decodes its Engine.IO packet; empty string on success.
  boost::asio::awaitable<std::string> ReadPacket(realtime::protocol::EioPacket& packet);
  // Handles one Engine.IO packet of an open connection; false when it ends it.
  bool Dispatch(realtime::protocol::EioPacket packet, std::string& why);
  void Send(std::string frame);
  boost::asio::awaitable<void> WriteLoop();

  std::size_t index_;
  SioClientHandler& handler_;
  Stream ws_;
  boost::beast::flat_buffer buffer_;
  realtime::protocol::SioDecoder decoder_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  bool open_ = false;
};

}  // namespace lenslet::bench

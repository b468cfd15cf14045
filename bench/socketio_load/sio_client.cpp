#include "sio_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/error.hpp>
#include <memory>
#include <tuple>
#include <utility>

// Lets connect() pick the port of a bound socket, so each source address
// shares its ports between destinations (linux/in.h; not in glibc's headers).
#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace lenslet::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using net::ip::tcp;
using realtime::protocol::EioPacket;
using realtime::protocol::EioPacketType;
using realtime::protocol::SioPacket;
using realtime::protocol::SioPacketType;

// Errors as values: a refused or reset connection is a figure to count, not an exception.
constexpr auto kAwait = net::as_tuple(net::use_awaitable);
constexpr std::string_view kTarget = "/socket.io/?EIO=4&transport=websocket";

std::string ConnectErrorMessage(const SioPacket& packet) {
  if (packet.data && packet.data->is_object()) {
    if (const auto* message = packet.data->as_object().if_contains("message"); message && message->is_string()) {
      return std::string(message->as_string());
    }
  }
  return "refused";
}

}  // namespace

SioClient::SioClient(net::io_context& io, std::size_t index, SioClientHandler& handler)
    : index_(index), handler_(handler), ws_(io) {}

net::awaitable<std::string> SioClient::Open(tcp::endpoint server, std::optional<net::ip::address_v4> source,
                                            std::string host, json::value auth, std::chrono::milliseconds timeout) {
  auto& socket = ws_.next_layer();
  beast::error_code ec;
  socket.open(tcp::v4(), ec);
  if (ec) co_return "socket: " + ec.message();  // EMFILE shows up here
  socket.set_option(tcp::no_delay(true), ec);
  if (source) {
    const int one = 1;
    ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    socket.bind(tcp::endpoint(*source, 0), ec);
    if (ec) co_return "bind: " + ec.message();
  }

  // One deadline for every step: on expiry the socket is closed, so whichever
  // operation is pending fails and the step below reports "timeout". The flag
  // is shared because the handler may run after this frame is gone.
  auto timed_out = std::make_shared<bool>(false);
  net::steady_timer deadline(ws_.get_executor(), timeout);
  deadline.async_wait([this, timed_out](beast::error_code e) {
    if (e || open_) return;
    *timed_out = true;
    Close();
  });
  auto failed = [&](std::string_view step, const beast::error_code& e) -> std::string {
    return *timed_out ? "timeout" : std::string(step) + ": " + e.message();
  };
  std::string why;
  std::tie(ec) = co_await socket.async_connect(server, kAwait);
  if (ec) {
    why = failed("connect", ec);
  } else if (std::tie(ec) = co_await ws_.async_handshake(host, kTarget, kAwait); ec) {
    why = failed("websocket", ec);
  } else {
    EioPacket packet;
    why = co_await ReadPacket(packet);
    if (why.empty() && (packet.type != EioPacketType::kOpen || !realtime::protocol::DecodeHandshake(packet.data))) {
      why = "engine.io: no open packet";
    }
    if (why.empty()) {
      SioPacket connect{.type = SioPacketType::kConnect, .data = std::move(auth)};
      for (const auto& message : realtime::protocol::ToEngineIoMessages(std::move(connect))) {
        Send(realtime::protocol::EncodeWebSocketFrame(message));
      }
    }
    // Until the server's CONNECT (joined) or CONNECT_ERROR (refused).
    while (why.empty()) {
      why = co_await ReadPacket(packet);
      if (!why.empty()) break;
      if (packet.type == EioPacketType::kPing) {
        Send(realtime::protocol::EncodeWebSocketFrame(EioPacket::Text(EioPacketType::kPong)));
        continue;
      }
      if (packet.type != EioPacketType::kMessage) {
        why = "engine.io: unexpected packet before connect";
        break;
      }
      auto decoded = decoder_.OnMessage(std::move(packet));
      if (!decoded) {
        why = "socket.io: " + decoded.error().message;
      } else if (decoded->has_value()) {
        const auto& sio = **decoded;
        if (sio.type == SioPacketType::kConnect) {
          open_ = true;
          break;
        }
        why = sio.type == SioPacketType::kConnectError ? "connect_error: " + ConnectErrorMessage(sio)
                                                         : "socket.io: unexpected packet before connect";
      }
    }
    if (!why.empty() && *timed_out) why = "timeout";
  }
  deadline.cancel();
  if (!why.empty()) Close();
  co_return why;
}

net::awaitable<std::string> SioClient::Run() {
  std::string why;
  for (;;) {
    EioPacket packet;
    why = co_await ReadPacket(packet);
    if (!why.empty() || !Dispatch(std::move(packet), why)) break;
  }
  open_ = false;
  Close();
  co_return why;
}

bool SioClient::Dispatch(EioPacket packet, std::string& why) {
  switch (packet.type) {
    case EioPacketType::kPing:
      Send(realtime::protocol::EncodeWebSocketFrame(EioPacket::Text(EioPacketType::kPong)));
      return true;
    case EioPacketType::kClose:
      why = "engine.io close";
      return false;
    case EioPacketType::kMessage:
      break;
    default:
      return true;
  }
  auto decoded = decoder_.OnMessage(std::move(packet));
  if (!decoded) {
    why = "socket.io: " + decoded.error().message;
    return false;
  }
  if (!decoded->has_value()) return true;  // attachments still to come
  const SioPacket& sio = **decoded;
  switch (sio.type) {
    case SioPacketType::kEvent:
      // The codec guarantees an array whose first element is the event name.
      if (sio.data && sio.data->is_array() && !sio.data->as_array().empty() &&
          sio.data->as_array().front().is_string()) {
        const auto& args = sio.data->as_array();
        handler_.OnEvent(*this, args.front().as_string(), args);
      }
      return true;
    case SioPacketType::kAck:
      if (sio.ack_id && sio.data && sio.data->is_array()) handler_.OnAck(*this, *sio.ack_id, sio.data->as_array());
      return true;
    case SioPacketType::kDisconnect:
      why = "disconnected by server";
      return false;
    default:
      return true;
  }
}

net::awaitable<std::string> SioClient::ReadPacket(EioPacket& packet) {
  auto [ec, bytes] = co_await ws_.async_read(buffer_, kAwait);
  if (ec) co_return ec == websocket::error::closed ? std::string("closed by server") : "read: " + ec.message();
  const std::string_view frame(static_cast<const char*>(buffer_.data().data()), bytes);
  auto decoded = realtime::protocol::DecodeWebSocketFrame(frame, !ws_.got_text());
  buffer_.consume(buffer_.size());
  if (!decoded) co_return "engine.io: " + decoded.error().message;
  packet = std::move(*decoded);
  co_return std::string();
}

void SioClient::Emit(std::string_view event, json::value arg, std::optional<std::uint64_t> ack_id) {
  json::array args;
  args.emplace_back(event);
  args.push_back(std::move(arg));
  SioPacket packet{.type = SioPacketType::kEvent, .ack_id = ack_id, .data = json::value(std::move(args))};
  for (const auto& message : realtime::protocol::ToEngineIoMessages(std::move(packet))) {
    Send(realtime::protocol::EncodeWebSocketFrame(message));
  }
}

void SioClient::Close() {
  beast::error_code ignored;
  ws_.next_layer().close(ignored);
}

void SioClient::Send(std::string frame) {
  outbox_.push_back(std::move(frame));
  if (!writing_) net::co_spawn(ws_.get_executor(), WriteLoop(), net::detached);
}

// Beast allows one write at a time per stream: frames wait here in order.
net::awaitable<void> SioClient::WriteLoop() {
  writing_ = true;
  while (!outbox_.empty()) {
    ws_.text(true);
    auto [ec, bytes] = co_await ws_.async_write(net::buffer(outbox_.front()), kAwait);
    if (ec) {
      outbox_.clear();
      break;
    }
    outbox_.pop_front();
  }
  writing_ = false;
}

}  // namespace lenslet::bench

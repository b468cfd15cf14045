#include "realtime/redis/polling_client_testlib.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <stdexcept>

#include "realtime/protocol/engineio.hpp"

namespace lenslet::realtime::redis::testing {
namespace net = boost::asio;
using protocol::EioPacketType;
using protocol::SioPacketType;

namespace {

HttpRequest MakeRequest(const std::string& method, const std::string& sid) {
  HttpRequest request;
  request.method = method;
  request.handshake.url = "/socket.io/?EIO=4&transport=polling" + (sid.empty() ? std::string() : "&sid=" + sid);
  request.handshake.client_address = "127.0.0.1";
  return request;
}

std::future<HttpAnswer> Spawn(Server& server, net::io_context& io, HttpRequest request, std::string body) {
  BodyReader read_body = [body = std::move(body)](std::string& out, std::size_t) -> net::awaitable<BodyStatus> {
    out = body;
    co_return BodyStatus::kRead;
  };
  return net::co_spawn(io, server.HandleHttp(std::move(request), std::move(read_body)), net::use_future);
}

}  // namespace

PollingClient::PollingClient(Server& server, net::io_context& io, const boost::json::value& auth)
    : server_(server), io_(io) {
  // Handshake: the first GET answers with the `open` packet.
  HttpAnswer open = Request("GET", "");
  auto packets = protocol::DecodePollingPayload(open.body);
  if (open.status != 200 || !packets || packets->empty() || packets->front().type != EioPacketType::kOpen) {
    throw std::runtime_error("engine.io handshake failed: " + open.body);
  }
  auto handshake = protocol::DecodeHandshake(packets->front().data);
  if (!handshake) throw std::runtime_error("bad open packet");
  sid_ = handshake->sid;

  // Socket.IO CONNECT to "/" with the auth payload; the answer comes by GET.
  const protocol::SioPacket connect{.type = SioPacketType::kConnect, .data = auth};
  const std::string body = protocol::EncodePollingPayload(protocol::ToEngineIoMessages(connect));
  if (Request("POST", body).status != 200) throw std::runtime_error("CONNECT POST refused");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!Poll(std::chrono::milliseconds(200))) continue;
    const protocol::SioPacket packet = std::move(pending_.front());
    pending_.pop_front();
    if (packet.type == SioPacketType::kConnect) return;
    throw std::runtime_error("CONNECT refused");
  }
  throw std::runtime_error("no answer to CONNECT");
}

HttpAnswer PollingClient::Request(const std::string& method, const std::string& body) {
  auto answer = Spawn(server_, io_, MakeRequest(method, sid_), body);
  if (answer.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    throw std::runtime_error("no answer to " + method);
  }
  return answer.get();
}

bool PollingClient::Poll(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pending_.empty() && !closed_) {
    if (!get_) get_ = Spawn(server_, io_, MakeRequest("GET", sid_), "");
    if (get_->wait_until(deadline) != std::future_status::ready) return false;
    HttpAnswer answer = get_->get();
    get_.reset();
    if (answer.status != 200) {
      closed_ = true;  // "Session ID unknown": the session is gone
      break;
    }
    auto packets = protocol::DecodePollingPayload(answer.body);
    if (!packets) throw std::runtime_error("bad polling payload");
    for (auto& packet : *packets) {
      if (packet.type == EioPacketType::kClose) closed_ = true;
      if (packet.type == EioPacketType::kPing) Request("POST", protocol::EncodePollingPayload(std::vector{
                                                                   protocol::EioPacket::Text(EioPacketType::kPong)}));
      if (packet.type != EioPacketType::kMessage) continue;
      auto decoded = decoder_.OnMessage(std::move(packet));
      if (!decoded) throw std::runtime_error("bad socket.io packet: " + decoded.error().message);
      if (decoded->has_value()) pending_.push_back(std::move(**decoded));
    }
  }
  return !pending_.empty();
}

std::optional<protocol::SioPacket> PollingClient::NextEvent(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !Poll(left)) return std::nullopt;
    protocol::SioPacket packet = std::move(pending_.front());
    pending_.pop_front();
    if (packet.type == SioPacketType::kEvent) return packet;
  }
}

bool PollingClient::WaitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (!Poll(left)) continue;
    const protocol::SioPacket packet = std::move(pending_.front());
    pending_.pop_front();
    if (packet.type == SioPacketType::kDisconnect) return true;
  }
  return true;
}

}  // namespace lenslet::realtime::redis::testing

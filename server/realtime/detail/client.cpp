#include "realtime/detail/client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <utility>

#include "realtime/detail/event_packet.hpp"
#include "realtime/detail/random_id.hpp"
#include "realtime/namespace.hpp"
#include "realtime/server.hpp"
#include "realtime/socket.hpp"

namespace lenslet::realtime::detail {
namespace net = boost::asio;
namespace json = boost::json;
using protocol::EioPacket;
using protocol::SioPacket;
using protocol::SioPacketType;

void Client::Start() {
  session_->CloseAt(std::chrono::steady_clock::now() + server_.options().connect_timeout, "connect timeout");
}

void Client::OnMessage(EioPacket message) {
  protocol::Result<std::optional<SioPacket>> decoded = std::optional<SioPacket>();
  {
    std::lock_guard lock(decoder_mutex_);
    decoded = decoder_.OnMessage(std::move(message));
  }
  if (!decoded) {
    // A malformed packet ends this connection, and only this one.
    spdlog::debug("socket.io client #{}: {}", session_->log_id(), decoded.error().message);
    session_->Close("parse error", false);
    return;
  }
  if (!decoded->has_value()) return;  // attachments still to come
  net::post(session_->strand(), [self = shared_from_this(), packet = std::move(**decoded)]() mutable {
    self->Dispatch(std::move(packet));
  });
}

void Client::OnClose(std::string_view reason) {
  net::post(session_->strand(), [self = shared_from_this(), reason = std::string(reason)] {
    self->closed_ = true;
    auto sockets = std::move(self->sockets_);
    self->sockets_.clear();
    for (auto& socket : sockets) socket->MarkClosed(reason);
  });
}

void Client::SendPacket(SioPacket packet) { session_->Send(protocol::ToEngineIoMessages(std::move(packet))); }

void Client::Forget(const Namespace& nsp) {
  std::erase_if(sockets_, [&](const auto& socket) { return &socket->nsp() == &nsp; });
}

void Client::Dispatch(SioPacket packet) {
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
      // An ACK answers a server emit that asked for one; the server asks for
      // none, so there is nothing to match it with.
      if (packet.type == SioPacketType::kDisconnect) {
        // That namespace only: the connection and its other namespaces stay.
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

std::vector<std::shared_ptr<Socket>>::iterator Client::FindSocket(std::string_view nsp) {
  return std::find_if(sockets_.begin(), sockets_.end(),
                      [&](const auto& socket) { return socket->nsp().name() == nsp; });
}

void Client::Connect(SioPacket packet) {
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
      LogHandlerFailure);
}

net::awaitable<void> Client::RunConnect(std::shared_ptr<Socket> socket, json::value auth) {
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

}  // namespace lenslet::realtime::detail

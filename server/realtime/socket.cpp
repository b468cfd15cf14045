#include "realtime/socket.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "realtime/detail/client.hpp"
#include "realtime/detail/event_packet.hpp"
#include "realtime/detail/realtime_metrics.hpp"
#include "realtime/namespace.hpp"

namespace lenslet::realtime {
namespace net = boost::asio;
using protocol::EioPacket;
using protocol::SioPacket;
using protocol::SioPacketType;

Socket::Socket(Namespace& nsp, std::shared_ptr<detail::Client> client, std::string id)
    : nsp_(nsp), client_(std::move(client)), id_(std::move(id)) {}

const Handshake& Socket::handshake() const { return client_->session()->handshake(); }

const net::any_io_executor& Socket::executor() const { return client_->session()->strand(); }

void Socket::Emit(std::string_view event, Payload args) {
  detail::Metrics().events_sent.Inc();
  SendMessages(protocol::ToEngineIoMessages(detail::EventPacket(nsp_.name(), event, std::move(args))));
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
  }
  nsp_.Remove(*this);
  if (std::exchange(accepted_, false)) {
    for (const auto& handler : nsp_.on_disconnect_) handler(*this, reason);
  }
}

void Socket::HandleEvent(SioPacket packet) {
  auto& data = packet.data->as_array();  // the codec guarantees [name, ...args]
  nsp_.CountReceived(data.front().as_string());
  const EventHandler* handler = nsp_.FindHandler(data.front().as_string());
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
      detail::LogHandlerFailure);
}

void Socket::Join(const std::string& room) { nsp_.Join(*this, room); }

void Socket::DisconnectConnection() {
  net::post(client_->session()->strand(), [self = shared_from_this()] {
    if (self->connected_.load()) {
      self->client_->session()->Send(protocol::ToEngineIoMessages(
          SioPacket{.type = SioPacketType::kDisconnect, .nsp = self->nsp_.name()}));
    }
    self->client_->Forget(self->nsp_);
    self->MarkClosed("server namespace disconnect");
    self->client_->session()->Close("forced close", true);
  });
}

}  // namespace lenslet::realtime

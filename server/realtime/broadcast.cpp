#include "realtime/broadcast.hpp"

#include <chrono>
#include <utility>

#include "realtime/server.hpp"

namespace lenslet::realtime {

std::int64_t Broadcast::NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Publisher::EmitToRoom(std::string_view nsp, std::string_view room, std::string_view event, Payload args) {
  Publish(Broadcast{.nsp = std::string(nsp), .rooms = {std::string(room)}, .event = std::string(event),
                    .args = std::move(args), .published_at_us = Broadcast::NowMicros()});
}

void Publisher::DisconnectRoom(std::string_view nsp, std::string_view room) {
  Publish(Broadcast{.kind = Broadcast::Kind::kDisconnect, .nsp = std::string(nsp), .rooms = {std::string(room)}});
}

void InProcessPublisher::Publish(Broadcast broadcast) { server_.DeliverLocal(broadcast); }

BroadcastOperator BroadcastOperator::To(std::string room) && {
  broadcast_.rooms.push_back(std::move(room));
  return std::move(*this);
}

void BroadcastOperator::Emit(std::string_view event, Payload args) && {
  broadcast_.event = std::string(event);
  broadcast_.args = std::move(args);
  broadcast_.published_at_us = Broadcast::NowMicros();
  server_.publisher().Publish(std::move(broadcast_));
}

}  // namespace lenslet::realtime

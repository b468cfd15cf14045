#include "realtime/namespace.hpp"

#include <algorithm>
#include <utility>

#include "realtime/detail/event_packet.hpp"
#include "realtime/detail/realtime_metrics.hpp"

namespace lenslet::realtime {

void Namespace::On(std::string event, EventHandler handler) {
  received_[event] = &detail::EventsReceived(event);
  handlers_[std::move(event)] = std::move(handler);
}

void Namespace::CountReceived(std::string_view event) const {
  // Names the app does not handle are the client's to choose: one label for all.
  const auto it = received_.find(event);
  (it != received_.end() ? *it->second : detail::EventsReceived("other")).Inc();
}

const EventHandler* Namespace::FindHandler(std::string_view event) const {
  const auto it = handlers_.find(event);
  return it == handlers_.end() ? nullptr : &it->second;
}

void Namespace::Add(const std::shared_ptr<Socket>& socket) {
  std::lock_guard lock(mutex_);
  if (socket->removed_) return;
  auto& slot = sockets_[socket->id()];
  if (!slot) detail::Metrics().sockets.Add(1);
  slot = socket;
}

void Namespace::Remove(Socket& socket) {
  std::lock_guard lock(mutex_);
  socket.removed_ = true;
  if (sockets_.erase(socket.id()) > 0) detail::Metrics().sockets.Add(-1);
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
  if (socket.removed_ || room == socket.id()) return;  // in the room of its id already
  const auto [it, created] = rooms_.try_emplace(room);
  if (!created && std::find(socket.rooms_.begin(), socket.rooms_.end(), &it->first) != socket.rooms_.end()) return;
  it->second.Insert(socket.shared_from_this());
  socket.rooms_.push_back(&it->first);
}

template <typename F>
void Namespace::ForEachIn(const std::string& room, F&& f) const {
  if (const auto it = rooms_.find(room); it != rooms_.end()) it->second.ForEach(f);
  // The room named by a socket's id (Socket.IO puts every socket in one).
  if (const auto it = sockets_.find(room); it != sockets_.end()) f(it->second);
}

BroadcastOperator Namespace::To(std::string room) {
  return BroadcastOperator(server_, Broadcast{.nsp = name_, .rooms = {std::move(room)}});
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
    for (const auto& socket : targets) socket->DisconnectConnection();
    return;
  }
  // Encoded once for everyone.
  const auto messages = protocol::ToEngineIoMessages(detail::EventPacket(name_, broadcast.event, broadcast.args));
  for (const auto& socket : targets) socket->SendMessages(messages);
  detail::Metrics().events_sent.Inc(targets.size());
}

}  // namespace lenslet::realtime

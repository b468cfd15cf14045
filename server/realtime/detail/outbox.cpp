#include "realtime/detail/outbox.hpp"

namespace lenslet::realtime::detail {

bool Outbox::Push(std::vector<protocol::EioPacket> packets) {
  std::size_t added = 0;
  // One byte of type per packet: a flood of empty packets still counts.
  for (const auto& packet : packets) added += packet.data.size() + 1;
  if (packets_.size() + packets.size() > max_packets_ || bytes_ + added > max_bytes_) return false;
  for (auto& packet : packets) packets_.push_back(std::move(packet));
  bytes_ += added;
  return true;
}

std::vector<protocol::EioPacket> Outbox::TakeAll() {
  std::vector<protocol::EioPacket> out(std::make_move_iterator(packets_.begin()),
                                       std::make_move_iterator(packets_.end()));
  Clear();
  return out;
}

void Outbox::Clear() {
  packets_.clear();
  bytes_ = 0;
}

}  // namespace lenslet::realtime::detail

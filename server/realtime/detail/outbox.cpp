#include "realtime/detail/outbox.hpp"

namespace lenslet::realtime::detail {

bool Outbox::Push(std::vector<protocol::EioPacket> packets) {
  std::size_t added = 0;
  // One byte of type per packet: a flood of empty packets still counts.
  for (const auto& packet : packets) added += packet.data.size() + 1;
  if (packets_.size() + packets.size() > max_packets_ || bytes_ + added > max_bytes_) return false;
  if (packets_.empty()) {
    packets_ = std::move(packets);  // the common case: no copy, no allocation
  } else {
    for (auto& packet : packets) packets_.push_back(std::move(packet));
  }
  bytes_ += added;
  return true;
}

std::vector<protocol::EioPacket> Outbox::TakeAll() {
  // Swapped out, so the idle queue owns no memory.
  std::vector<protocol::EioPacket> out;
  out.swap(packets_);
  bytes_ = 0;
  return out;
}

void Outbox::Clear() {
  std::vector<protocol::EioPacket>().swap(packets_);
  bytes_ = 0;
}

}  // namespace lenslet::realtime::detail

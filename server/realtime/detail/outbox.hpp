#pragma once
// A connection's send queue, bounded in packets and bytes. Pure: the session
// locks around it and the transport drains it (DESIGN.md "Threads and
// blocking": a consumer that falls too far behind is disconnected).
#include <cstddef>
#include <vector>

#include "realtime/protocol/engineio.hpp"

namespace lenslet::realtime::detail {

class Outbox {
 public:
  Outbox(std::size_t max_packets, std::size_t max_bytes) : max_packets_(max_packets), max_bytes_(max_bytes) {}

  // All or nothing, so a Socket.IO packet never loses some of its attachments:
  // false (and nothing queued) when `packets` do not fit.
  bool Push(std::vector<protocol::EioPacket> packets);
  // Everything queued, oldest first; the queue is empty afterwards.
  std::vector<protocol::EioPacket> TakeAll();
  void Clear();

  bool empty() const { return packets_.empty(); }
  std::size_t size() const { return packets_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t max_packets_;
  std::size_t max_bytes_;
  // A vector, not a deque: TakeAll takes everything at once, and an empty
  // libstdc++ deque already holds ~600 bytes, which every idle connection would pay.
  std::vector<protocol::EioPacket> packets_;
  std::size_t bytes_ = 0;
};

}  // namespace lenslet::realtime::detail

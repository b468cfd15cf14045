#pragma once
// This process's devices, counted per user: who is online for one process
// (api/live/presence.hpp InMemoryPresence), and what an instance claims in Redis
// and what it falls back to when Redis is away. Thread-safe; never blocks
// beyond its lock (network threads call it).
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::realtime {

class LocalDevices {
 public:
  // True when this is the user's first device here.
  bool Connected(core::UserId user);
  // True when this was the user's last device here (false for a device never
  // seen connected).
  bool Disconnected(core::UserId user);
  bool Has(core::UserId user) const;
  // One answer per user, in order.
  std::vector<bool> Have(const std::vector<core::UserId>& users) const;
  // Every user with a device here.
  std::vector<core::UserId> Users() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<core::UserId, int> devices_;
};

}  // namespace lenslet::realtime

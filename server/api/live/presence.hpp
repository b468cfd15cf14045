#pragma once
// Who is connected right now, counted per user over their devices. Thread-safe.
// One process knows its own sockets only; with several instances behind a
// load balancer a user connected elsewhere shows offline here (see
// docs/architecture.md "Real time"), while lastSeenAt comes from the database.
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::api::live {

class Presence {
 public:
  // True when this is the user's first device: the user came online.
  bool Connected(core::UserId user);
  // True when this was the user's last device: the user went offline.
  bool Disconnected(core::UserId user);
  bool IsOnline(core::UserId user) const;
  std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<core::UserId, int> devices_;
};

}  // namespace lenslet::api::live

#pragma once
// Who is connected right now (conversation participants' `online`, and the
// `presence` event to people who share a conversation). Two implementations:
//   InMemoryPresence   one process (the default, SQLite included): the sockets
//                      of this process are everybody's sockets.
//   RedisPresence      many instances behind a load balancer (--redis-url):
//                      shared through Redis (api/live/redis_presence.hpp, over
//                      realtime/redis/presence/).
// lastSeenAt is not presence: it comes from the database (RecordLastSeen).
#include <vector>

#include "core/ids.hpp"
#include "realtime/local_devices.hpp"

namespace lenslet::api::live {

// Thread-safe. Connected/Disconnected are called from socket handlers (on a
// network thread, once per device), IsOnline/AreOnline from handlers that
// render conversations (also on network threads): none of them may block on
// I/O.
class Presence {
 public:
  virtual ~Presence() = default;

  // A device of `user` connected / went away. True when the caller should
  // announce that the user came online / went offline (socket_handler.cpp
  // does). An implementation that can only decide that elsewhere (across
  // instances, off the network thread) returns false and announces itself.
  virtual bool Connected(core::UserId user) = 0;
  virtual bool Disconnected(core::UserId user) = 0;
  virtual bool IsOnline(core::UserId user) const = 0;
  // One answer per user, in order: a page of conversations asks once.
  virtual std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const = 0;
};

// Devices counted per user in this process.
class InMemoryPresence final : public Presence {
 public:
  // True when this is the user's first device: the user came online.
  bool Connected(core::UserId user) override;
  // True when this was the user's last device: the user went offline.
  bool Disconnected(core::UserId user) override;
  bool IsOnline(core::UserId user) const override;
  std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const override;

 private:
  realtime::LocalDevices devices_;
};

}  // namespace lenslet::api::live

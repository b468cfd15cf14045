#pragma once
// Presence (presence.hpp) shared by every instance on one Redis
// (--redis-url): a thin adapter over realtime::redis::ClusterPresence
// (realtime/redis/presence/cluster_presence.hpp), which holds the claims in
// Redis, the mirror of the other instances' claims and the threads that keep
// them; see there for how.
#include <chrono>
#include <vector>

#include "api/live/presence.hpp"
#include "realtime/redis/presence/cluster_presence.hpp"

namespace lenslet::api::live {

using RedisPresenceOptions = realtime::redis::ClusterPresenceOptions;

class RedisPresence final : public Presence {
 public:
  // Called on the cluster's thread when a user came online (true) or went
  // offline (false) across all instances; must return quickly (start work
  // elsewhere: PresenceAnnouncer in presence_announcer.hpp).
  using Announce = realtime::redis::ClusterPresence::Announce;

  // Throws std::invalid_argument when options.url is not a redis:// URL.
  RedisPresence(RedisPresenceOptions options, Announce announce);

  // Never block; always false: the transition is decided against Redis on
  // the cluster's thread, which announces it.
  bool Connected(core::UserId user) override;
  bool Disconnected(core::UserId user) override;
  bool IsOnline(core::UserId user) const override;
  std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const override;

  // Tests: waits until every join and leave queued before the call has been
  // through Redis (or decided locally). False on timeout.
  bool WaitIdle(std::chrono::milliseconds timeout) const;

 private:
  realtime::redis::ClusterPresence cluster_;
};

}  // namespace lenslet::api::live

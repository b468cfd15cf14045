#pragma once
// Presence shared by every instance on one Redis (--redis-url), in terms of
// users and instances only (api/live/redis_presence.hpp adapts it to api's
// Presence): a user
// connected to instance B is online for a viewer served by instance A, and
// "came online" / "went offline" are announced once for the whole cluster.
//
// In Redis (the truth, and what decides transitions):
//   lenslet:presence:<userId>   sorted set: member = instance id, score = when
//                               that instance's claim expires (Redis TIME, ms).
//                               An instance adds itself when the user's first
//                               local device connects, removes itself when the
//                               last one leaves, and re-scores all its users
//                               every refresh_interval. A claim not refreshed
//                               for `ttl` is dead; the key EXPIREs after
//                               2 × ttl without refresh, so a crashed
//                               instance leaves nothing behind for longer.
// Joining and leaving are Lua scripts, so two instances connecting (or
// dropping) the same user at the same moment cannot both see themselves as
// first (or both see the other one still there): exactly one announces.
// A crashed instance's users: when their claims lapse in an instance's
// mirror, it asks Redis to remove lapsed claims (another Lua script); the one
// instance whose call removed the last claim announces the user offline.
//
// In every instance (what answers IsOnline/AreOnline): a mirror of the other
// instances' claims, fed by the channel `lenslet:presence` that the same
// scripts PUBLISH to ("+ joined", "- left", "h still here" with every refresh,
// "? send me yours" when a subscriber (re)starts). Why a mirror and not one
// pipelined ZCOUNT round trip per page: the handlers that render
// conversations ask synchronously on a network thread (api/ renders
// conversations after the database unit), and DESIGN.md forbids blocking there; the
// mirror answers from memory, with no round trip at all. It costs memory per
// online user of the cluster and one heartbeat message per instance and
// refresh; it is as fresh as pub/sub (milliseconds) and, when messages are
// lost, never staler than `ttl`.
//
// Redis away: each instance falls back to what it knows (its own devices, and
// the mirror until its entries expire), announces its own transitions as the
// one-process server does, logs one warning per outage, and re-registers its
// users when Redis is back. Requests and socket connections never wait for
// Redis: Connected/Disconnected only queue; the Redis work runs on two threads
// of this object's own.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::realtime::redis {

struct ClusterPresenceOptions {
  std::string url;  // redis://[user:password@]host:port[/db]
  // Keys are "<prefix>:<userId>", the channel is "<prefix>"; the app uses
  // "<--cluster-name>:presence", so that clusters sharing a Redis stay apart.
  std::string prefix = "lenslet:presence";
  // How often an instance re-claims its online users (and tells the others).
  std::chrono::milliseconds refresh_interval{10'000};
  // How long a claim lives without refresh: how long a crashed instance's
  // users stay online at worst. Three refreshes may be lost before it lapses.
  std::chrono::milliseconds ttl{30'000};
  // Bounds a connect and every command: a Redis that hangs is given up on.
  std::chrono::milliseconds io_timeout{2'000};
  // Joins and leaves waiting for Redis; beyond, they are decided locally.
  std::size_t max_queued = 100'000;
};

class ClusterPresence {
 public:
  // Called on this object's thread when a user came online (true) or went
  // offline (false) across all instances; must return quickly (start work
  // elsewhere).
  using Announce = std::function<void(core::UserId, bool)>;

  // Throws std::invalid_argument when options.url is not a redis:// URL. An
  // unreachable Redis is not an error: both threads keep trying.
  ClusterPresence(ClusterPresenceOptions options, Announce announce);
  // Removes this instance's claims that it can within the I/O timeout (users
  // whose devices already left), then stops both threads.
  ~ClusterPresence();
  ClusterPresence(const ClusterPresence&) = delete;
  ClusterPresence& operator=(const ClusterPresence&) = delete;

  // A device of `user` connected / went away here. Never block: the
  // transition is decided against Redis on this object's thread, which
  // announces it.
  void Connected(core::UserId user);
  void Disconnected(core::UserId user);
  // From memory: a device here, or an unexpired claim of another instance.
  bool IsOnline(core::UserId user) const;
  std::vector<bool> AreOnline(const std::vector<core::UserId>& users) const;

  // This instance's id in Redis (random per process).
  const std::string& instance() const;
  // True while the mirror is SUBSCRIBEd (tests wait for it).
  bool subscribed() const;
  // Tests: waits until every join and leave queued before the call has been
  // through Redis (or decided locally). False on timeout.
  bool WaitIdle(std::chrono::milliseconds timeout) const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace lenslet::realtime::redis

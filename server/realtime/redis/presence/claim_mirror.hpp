#pragma once
// The other instances' claims, as heard on the presence channel: what
// answers "is this user online?" from memory, without a round trip to Redis
// (see cluster_presence.hpp for why). Pure and thread-safe; the clock is
// injected so that tests move time instead of sleeping.
//
// An expiry is this process's steady clock plus the ttl the claimant
// announced: no wall clock is compared across machines.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::realtime::redis {

class ClaimMirror {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  explicit ClaimMirror(Now now = &Clock::now);

  // `instance` has a device of each of `users`, for `ttl` from now (a later
  // claim of the same instance replaces the earlier one).
  void Remember(const std::string& instance, std::chrono::milliseconds ttl,
                const std::vector<core::UserId>& users);
  // `instance` has no device of `user` any more.
  void Forget(core::UserId user, const std::string& instance);
  // No claim outlives `within` from now: leaves published while nobody was
  // listening were missed, so what is held is kept only until the other
  // instances have answered.
  void ShortenTo(std::chrono::milliseconds within);
  // Sets online[i] when users[i] has a live claim; leaves entries already
  // true alone. online.size() == users.size().
  void MarkOnline(const std::vector<core::UserId>& users, std::vector<bool>& online) const;
  // Drops lapsed claims; returns the users this left with no claim at all.
  std::vector<core::UserId> Sweep();

 private:
  struct Claim {
    std::string instance;
    Clock::time_point expires;
  };

  const Now now_;
  mutable std::mutex mutex_;
  std::unordered_map<core::UserId, std::vector<Claim>> claims_;
};

}  // namespace lenslet::realtime::redis

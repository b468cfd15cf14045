#pragma once
// In-process sliding-window rate limits keyed by string (a client address, a
// lowercased login). Thread-safe. Per process: with N instances behind a load
// balancer each allows the limit, which still bounds guessing to N×limit.
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/clock.hpp"
#include "core/time.hpp"

namespace lenslet::auth {

struct RateLimit {
  int max_events = 0;  // per window; 0 or less turns the limit off
  core::Millis window_ms = 0;
};

struct RateDecision {
  bool allowed = true;
  int retry_after_seconds = 0;  // when not allowed: at least 1
};

class RateLimiter {
 public:
  // max_keys bounds memory: beyond it, the least recently used key is forgotten
  // (not all keys, so flooding new keys cannot reset a key under attack).
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = 50'000, Clock clock = {});

  // Counts one event for key if the limit allows it.
  RateDecision Acquire(std::string_view key);
  // Whether one more event would be allowed, without counting it.
  RateDecision Check(std::string_view key);
  // Counts an event whatever the limit says (e.g. a failed login).
  void Record(std::string_view key);
  // Forgets the key's events (e.g. after a successful login).
  void Reset(std::string_view key);

  std::size_t size() const;
  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    std::deque<core::Millis> events;  // oldest first, all inside the window
    std::list<std::string>::iterator lru;
  };

  bool disabled() const { return limit_.max_events <= 0 || limit_.window_ms <= 0; }
  // Finds or creates the bucket, drops events that left the window, marks it recently used.
  Bucket& Touch(std::string_view key, core::Millis now);
  RateDecision Decide(const Bucket& bucket, core::Millis now) const;

  RateLimit limit_;
  std::size_t max_keys_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> lru_;  // most recently used first
};

// Throws core::Error(kRateLimited, "Too many attempts, try again later") with
// retry_after_seconds set when the decision is a refusal.
void ThrowIfLimited(const RateDecision& decision);

}  // namespace lenslet::auth

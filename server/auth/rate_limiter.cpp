#include "auth/rate_limiter.hpp"

#include "core/error.hpp"

namespace lenslet::auth {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys, Clock clock)
    : limit_(limit), max_keys_(max_keys == 0 ? 1 : max_keys), clock_(OrSystemClock(std::move(clock))) {}

RateLimiter::Bucket& RateLimiter::Touch(std::string_view key, core::Millis now) {
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    while (buckets_.size() >= max_keys_) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(key);
    it = buckets_.emplace(std::string(key), Bucket{{}, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  auto& events = it->second.events;
  while (!events.empty() && events.front() <= now - limit_.window_ms) events.pop_front();
  return it->second;
}

RateDecision RateLimiter::Decide(const Bucket& bucket, core::Millis now) const {
  if (bucket.events.size() < static_cast<std::size_t>(limit_.max_events)) return {};
  // The oldest event in the window leaves it first; then one more is allowed.
  const core::Millis wait_ms = bucket.events.front() + limit_.window_ms - now;
  const auto seconds = static_cast<int>((wait_ms + 999) / 1000);
  return RateDecision{false, seconds < 1 ? 1 : seconds};
}

RateDecision RateLimiter::Acquire(std::string_view key) {
  if (disabled()) return {};
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  Bucket& bucket = Touch(key, now);
  const RateDecision decision = Decide(bucket, now);
  if (decision.allowed) bucket.events.push_back(now);
  return decision;
}

RateDecision RateLimiter::Check(std::string_view key) {
  if (disabled()) return {};
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  const auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return {};
  return Decide(Touch(key, now), now);
}

void RateLimiter::Record(std::string_view key) {
  if (disabled()) return;
  const core::Millis now = clock_();
  std::lock_guard lock(mutex_);
  Bucket& bucket = Touch(key, now);
  bucket.events.push_back(now);
  // Keep memory per key bounded: only the newest max_events matter.
  while (bucket.events.size() > static_cast<std::size_t>(limit_.max_events)) bucket.events.pop_front();
}

void RateLimiter::Reset(std::string_view key) {
  std::lock_guard lock(mutex_);
  const auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return;
  lru_.erase(it->second.lru);
  buckets_.erase(it);
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void ThrowIfLimited(const RateDecision& decision) {
  if (decision.allowed) return;
  core::Error error(core::ErrorCode::kRateLimited, "Too many attempts, try again later");
  error.retry_after_seconds = decision.retry_after_seconds;
  throw error;
}

}  // namespace lenslet::auth

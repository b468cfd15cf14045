#pragma once
// A named rate limit that request paths co_await (issue 15.6): counted by
// this process alone (LocalLimiters, the default), or once for every instance
// through Redis (cluster::RedisLimiters with --redis-url). Callers never know
// which, and an Acquire never throws for a Redis failure: a limit that cannot
// be counted in Redis is counted here.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <memory>
#include <string>

#include "auth/rate_limiter.hpp"

namespace lenslet::auth {

class Limiter {
 public:
  virtual ~Limiter() = default;
  // Counts one event for key if the limit allows it.
  virtual boost::asio::awaitable<RateDecision> Acquire(std::string key) = 0;
  virtual const RateLimit& limit() const = 0;
};

class LimiterFactory {
 public:
  virtual ~LimiterFactory() = default;
  // `name` is short and stable ("post", "login-address"): two limits with
  // one name would share their counts across instances.
  virtual std::unique_ptr<Limiter> Make(std::string name, RateLimit limit, std::size_t max_keys = 50'000) = 0;
};

// The in-process sliding window (rate_limiter.hpp) behind the interface.
class LocalLimiter final : public Limiter {
 public:
  LocalLimiter(RateLimit limit, std::size_t max_keys, Clock clock = {}) : limiter_(limit, max_keys, std::move(clock)) {}
  boost::asio::awaitable<RateDecision> Acquire(std::string key) override { co_return limiter_.Acquire(key); }
  const RateLimit& limit() const override { return limiter_.limit(); }

 private:
  RateLimiter limiter_;
};

class LocalLimiters final : public LimiterFactory {
 public:
  explicit LocalLimiters(Clock clock = {}) : clock_(std::move(clock)) {}
  std::unique_ptr<Limiter> Make(std::string /*name*/, RateLimit limit, std::size_t max_keys) override {
    return std::make_unique<LocalLimiter>(limit, max_keys, clock_);
  }

 private:
  Clock clock_;
};

}  // namespace lenslet::auth

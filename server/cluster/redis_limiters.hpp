#pragma once
// Rate limits counted once for every instance (issue 15.6): each Acquire runs
// the sliding-window script (scripts.hpp) on the key <prefix>:rl:<name>:<key>.
// Redis away, slow or refusing: the limit is counted by this instance alone,
// as without --redis-url (never refuse everything, never allow everything);
// what Redis allowed is also counted here, so an outage starts from this
// instance's own share of the recent events rather than from zero.
#include <atomic>
#include <cstdint>
#include <string>

#include "auth/limiter.hpp"
#include "cluster/degraded_log.hpp"
#include "realtime/redis/command_client.hpp"

namespace lenslet::cluster {

class RedisLimiters final : public auth::LimiterFactory {
 public:
  // `client` was built with Scripts() and outlives every limiter made here.
  // Keys: "<key_prefix>:rl:<limit name>:<key>".
  RedisLimiters(realtime::redis::CommandClient& client, std::string key_prefix = "lenslet");

  std::unique_ptr<auth::Limiter> Make(std::string name, auth::RateLimit limit,
                                      std::size_t max_keys = 50'000) override;

  // A fresh id for one event (unique across instances and restarts).
  std::string NextEventId();
  realtime::redis::CommandClient& client() { return client_; }
  DegradedLog& log() { return log_; }

 private:
  realtime::redis::CommandClient& client_;
  const std::string key_prefix_;
  const std::string instance_;  // random, per process
  std::atomic<std::uint64_t> events_{0};
  DegradedLog log_{"rate limits"};
};

}  // namespace lenslet::cluster

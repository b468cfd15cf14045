#pragma once
// The Lua the cluster rules run in Redis, each atomic (a script runs alone).
// Indexes into realtime::redis::CommandClientOptions::scripts (Scripts()).
#include <cstddef>
#include <string>
#include <vector>

#include "cluster/throttle_scripts.hpp"

namespace lenslet::cluster {

// A sliding window of events, exactly the in-process RateLimiter's rule: at
// most ARGV[1] events in any ARGV[2] ms. KEYS[1]: a sorted set of event ids
// scored by their time. ARGV[3]: now in ms, or "" for Redis's own clock (one
// clock for every instance, whatever their skew); ARGV[4]: a unique event id.
// Returns {1, 0} when counted, {0, ms until the oldest event leaves the
// window} when refused. The key expires with its newest event's window.
inline constexpr const char* kSlidingWindowScript = R"lua(
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
)lua";

// Marks every key of KEYS as a revoked login for ARGV[1] ms: one round trip
// for a logout-all of many logins.
inline constexpr const char* kRevokeScript = R"lua(
for _, key in ipairs(KEYS) do
  redis.call('SET', key, '1', 'PX', ARGV[1])
end
return #KEYS
)lua";

inline constexpr std::size_t kSlidingWindow = 0;
inline constexpr std::size_t kRevoke = 1;
inline constexpr std::size_t kThrottleGated = 2;
inline constexpr std::size_t kThrottleAdmit = 3;
inline constexpr std::size_t kThrottleFailure = 4;

inline std::vector<std::string> Scripts() {
  return {kSlidingWindowScript, kRevokeScript, kThrottleGatedScript, kThrottleAdmitScript, kThrottleFailureScript};
}

}  // namespace lenslet::cluster

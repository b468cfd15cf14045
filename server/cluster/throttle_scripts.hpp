#pragma once
// The wrong-password throttle's rule (auth/login_throttle.cpp, exactly) as
// three Lua scripts, one per decision, each atomic: two instances deciding
// for one account at once cannot both read the same queue turn or both tell
// the owner. Loaded with the other scripts (scripts.hpp).
//
// Keys of one account (all in one hash slot, {…}):
//   KEYS client  a hash {n = failures, at = last failure ms} of one account
//                and client; expires when the client is forgotten (window
//                plus its delay after its last failure)
//   KEYS fails   a sorted set of the account's failures inside the window,
//                scored by time (at most threshold + 32); expires a window
//                after the newest
//   KEYS gate    a hash {turn = the next unknown client's turn, told = when
//                the owner was last told}; expires a window (plus the
//                longest queue) after its last change
// ARGV, for every script: now in ms ("" for Redis's own clock, one clock for
// every instance), then LoginThrottleOptions: free failures per client,
// client delay base and max, account failures before the gate, window, gate
// interval base and max, gate max wait; then the script's own.
#include <string>

namespace lenslet::cluster {

inline const std::string kThrottlePrelude = R"lua(
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local free = tonumber(ARGV[2])
local delay_base = tonumber(ARGV[3])
local delay_max = tonumber(ARGV[4])
local threshold = tonumber(ARGV[5])
local window = tonumber(ARGV[6])
local gate_base = tonumber(ARGV[7])
local gate_max = tonumber(ARGV[8])
local gate_max_wait = tonumber(ARGV[9])
local gate_ttl = window + gate_max_wait + gate_max

-- Whole milliseconds as Redis arguments (never 1.7e+12).
local function int(x) return string.format('%d', x) end

-- base * 2^steps, capped.
local function doubled(base, steps, max)
  local value = base
  local i = 0
  while i < steps and value < max do
    value = value * 2
    i = i + 1
  end
  return math.min(value, max)
end

local function client_delay(failures)
  if failures < free then return 0 end
  return doubled(delay_base, failures - free, delay_max)
end

-- failures, last failure of a client still remembered; nil once forgotten.
local function fresh_client(key)
  local state = redis.call('HMGET', key, 'n', 'at')
  local failures = tonumber(state[1])
  if not failures then return nil end
  local last = tonumber(state[2]) or 0
  if now - last >= window + client_delay(failures) then
    redis.call('DEL', key)
    return nil
  end
  return failures, last
end

-- How many failures of the account are inside the window.
local function account_failures(key)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now - window))
  return redis.call('ZCARD', key)
end

local function is_gated(count) return threshold > 0 and count >= threshold end
)lua";

// KEYS: fails. Returns 1 when unknown clients of the account queue, else 0.
inline const std::string kThrottleGatedScript = kThrottlePrelude + R"lua(
if is_gated(account_failures(KEYS[1])) then return 1 end
return 0
)lua";

// KEYS: client, fails, gate. ARGV[10]: "1" when the client is known.
// Returns {1, wait ms, 0} when admitted (after waiting), {0, 0, ms} when
// refused for that long.
inline const std::string kThrottleAdmitScript = kThrottlePrelude + R"lua(
local failures, last = fresh_client(KEYS[1])
if failures then
  local free_at = last + client_delay(failures)
  if now < free_at then return {0, 0, free_at - now} end
end
local count = account_failures(KEYS[2])
if ARGV[10] == '1' or not is_gated(count) then return {1, 0, 0} end
local turn = math.max(now, tonumber(redis.call('HGET', KEYS[3], 'turn')) or 0)
local wait = turn - now
if wait > gate_max_wait then return {0, 0, wait - gate_max_wait} end
redis.call('HSET', KEYS[3], 'turn', int(turn + doubled(gate_base, math.max(0, count - threshold), gate_max)))
redis.call('PEXPIRE', KEYS[3], int(gate_ttl))
return {1, wait, 0}
)lua";

// KEYS: client, fails, gate. ARGV[10]: a unique id for this failure.
// Returns 1 when the owner is to be told now (the account just reached the
// threshold, at most once per window), else 0.
inline const std::string kThrottleFailureScript = kThrottlePrelude + R"lua(
local failures = fresh_client(KEYS[1]) or 0
failures = math.min(failures + 1, 1000)
redis.call('HSET', KEYS[1], 'n', int(failures), 'at', int(now))
redis.call('PEXPIRE', KEYS[1], int(window + client_delay(failures)))
local was_gated = is_gated(account_failures(KEYS[2]))
redis.call('ZADD', KEYS[2], int(now), ARGV[10])
-- Enough to reach the longest interval; older ones add nothing.
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, int(-(math.max(threshold, 0) + 32) - 1))
redis.call('PEXPIRE', KEYS[2], int(window))
if was_gated or not is_gated(redis.call('ZCARD', KEYS[2])) then return 0 end
local told = tonumber(redis.call('HGET', KEYS[3], 'told')) or 0
if told ~= 0 and now - told < window then return 0 end
redis.call('HSET', KEYS[3], 'told', int(now))
redis.call('PEXPIRE', KEYS[3], int(gate_ttl))
return 1
)lua";

}  // namespace lenslet::cluster

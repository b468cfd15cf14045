#pragma once
// The wrong-password throttle counted once for every instance (issue 15.6):
// each decision is one of the scripts of throttle_scripts.hpp, one round trip
// and atomic, on the keys of one account
//   <prefix>:lt:{<account>}:f, <prefix>:lt:{<account>}:g and
//   <prefix>:lt:{<account>}:c:<client>,
// all expiring on their own. So a client's five free failures are five for
// the cluster, an account under attack queues strangers on every instance
// (one queue), and its owner is told once per window, not once per instance.
// Redis away, slow or refusing: this instance throttles alone, as without
// --redis-url; the failures Redis counted are counted here too, so an outage
// starts from this instance's own share of them rather than from zero.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/clock.hpp"
#include "auth/login_throttle.hpp"
#include "auth/throttle_state.hpp"
#include "cluster/degraded_log.hpp"
#include "realtime/redis/command_client.hpp"

namespace lenslet::cluster {

class RedisThrottleState final : public auth::ThrottleState {
 public:
  // `client` was built with Scripts() and outlives this. An empty `clock`
  // times every decision by Redis's clock (the instances' clocks need not
  // agree); tests pass their own.
  RedisThrottleState(realtime::redis::CommandClient& client, std::string key_prefix,
                     auth::LoginThrottleOptions options = {}, auth::Clock clock = {});

  boost::asio::awaitable<bool> Gated(std::string account) override;
  boost::asio::awaitable<auth::Admission> Admit(std::string account, std::string client, bool known) override;
  boost::asio::awaitable<bool> RecordFailure(std::string account, std::string client) override;
  boost::asio::awaitable<void> RecordSuccess(std::string account, std::string client) override;

  // The keys above. An account or client that is long or holds characters
  // other than letters, digits and . : _ @ + / - is named by its hash, so a
  // key stays short and its braces are ours.
  std::string ClientKey(std::string_view account, std::string_view client) const;
  std::string FailuresKey(std::string_view account) const;
  std::string GateKey(std::string_view account) const;

 private:
  // Redis's answer, or nullopt (logged once) when this instance decides alone.
  boost::asio::awaitable<std::optional<realtime::redis::RedisValue>> Run(std::size_t script,
                                                                         std::vector<std::string> keys,
                                                                         std::string extra);
  std::string AccountPart(std::string_view account) const;

  realtime::redis::CommandClient& client_;
  const std::string key_prefix_;
  const auth::LoginThrottleOptions options_;
  const auth::Clock clock_;     // empty: Redis's
  auth::LoginThrottle local_;   // the fallback, and this instance's share meanwhile
  const std::string instance_;  // random, per process: failure ids unique across instances
  std::atomic<std::uint64_t> failures_{0};
  DegradedLog log_{"login throttle"};
};

}  // namespace lenslet::cluster

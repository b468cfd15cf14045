#pragma once
// What --redis-url makes shared besides events and presence (issue 15.6):
// one command client (its own thread and connection) serving the rate limits,
// the revocation list and the wrong-password throttle. Built by app/, handed
// to AuthService and Services.
#include <string>

#include "cluster/redis_limiters.hpp"
#include "cluster/redis_revocations.hpp"
#include "cluster/redis_throttle_state.hpp"
#include "realtime/redis/command_client.hpp"

namespace lenslet::cluster {

struct ClusterRulesOptions {
  std::string url;
  // Keys are "<key_prefix>:rl:…", "<key_prefix>:rv:…" and "<key_prefix>:lt:…"
  // (--cluster-name).
  std::string key_prefix = "lenslet";
  // How long a request waits for Redis at most before deciding without it.
  std::chrono::milliseconds deadline{250};
  // The wrong-password throttle's rule (AuthOptions::limits.login_throttle).
  auth::LoginThrottleOptions login_throttle;
};

class ClusterRules {
 public:
  // Throws std::invalid_argument for a malformed URL; connects in the background.
  explicit ClusterRules(ClusterRulesOptions options);

  auth::LimiterFactory& limiters() { return limiters_; }
  auth::RevocationList& revocations() { return revocations_; }
  auth::ThrottleState& throttle() { return throttle_; }
  realtime::redis::CommandClient& client() { return client_; }

 private:
  realtime::redis::CommandClient client_;
  RedisLimiters limiters_;
  RedisRevocations revocations_;
  RedisThrottleState throttle_;
};

}  // namespace lenslet::cluster

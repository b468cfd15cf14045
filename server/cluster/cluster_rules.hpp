#pragma once
// What --redis-url makes shared besides events and presence (issue 15.6):
// one command client (its own thread and connection) serving the rate limits
// and the revocation list. Built by app/, handed to AuthService and Services.
#include <string>

#include "cluster/redis_limiters.hpp"
#include "cluster/redis_revocations.hpp"
#include "realtime/redis/command_client.hpp"

namespace lenslet::cluster {

struct ClusterRulesOptions {
  std::string url;
  // Keys are "<key_prefix>:rl:…" and "<key_prefix>:rv:…" (--cluster-name).
  std::string key_prefix = "lenslet";
  // How long a request waits for Redis at most before deciding without it.
  std::chrono::milliseconds deadline{250};
};

class ClusterRules {
 public:
  // Throws std::invalid_argument for a malformed URL; connects in the background.
  explicit ClusterRules(ClusterRulesOptions options);

  auth::LimiterFactory& limiters() { return limiters_; }
  auth::RevocationList& revocations() { return revocations_; }
  realtime::redis::CommandClient& client() { return client_; }

 private:
  realtime::redis::CommandClient client_;
  RedisLimiters limiters_;
  RedisRevocations revocations_;
};

}  // namespace lenslet::cluster

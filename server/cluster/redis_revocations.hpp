#pragma once
// Logins ended by any instance, as keys <prefix>:rv:<session id> that live
// kRevocationTtl (issue 15.6). Written by the instance that ended them before
// it answers; read (EXISTS, pipelined with the other requests of the moment)
// by every instance whose session cache still holds the login as active.
// Redis away: Add gives up after the command deadline and Contains answers
// kUnknown at once, so the others learn within the cache's 2 s, as before.
#include <chrono>

#include "auth/revocation_list.hpp"
#include "cluster/degraded_log.hpp"
#include "realtime/redis/command_client.hpp"

namespace lenslet::cluster {

// Well above what a cached "active" can be old when its key is written: the
// positive ttl (2 s) plus the longest database read before it was cached
// (--db-timeout-ms, 5 s). Memory: one small key per logout for a minute.
inline constexpr std::chrono::milliseconds kRevocationTtl{60'000};

class RedisRevocations final : public auth::RevocationList {
 public:
  // `client` was built with Scripts() and outlives this.
  // Keys: "<key_prefix>:rv:<session id>".
  RedisRevocations(realtime::redis::CommandClient& client, std::string key_prefix = "lenslet")
      : client_(client), key_prefix_(std::move(key_prefix)) {}

  boost::asio::awaitable<void> Add(std::vector<core::SessionId> sessions) override;
  boost::asio::awaitable<auth::Revoked> Contains(core::SessionId session) override;

  std::string Key(core::SessionId session) const;

 private:
  realtime::redis::CommandClient& client_;
  const std::string key_prefix_;
  DegradedLog log_{"logouts across instances"};
};

}  // namespace lenslet::cluster

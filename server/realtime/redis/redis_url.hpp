#pragma once
// Where the fan-out's Redis lives, from --redis-url. Pure, so it is unit tested
// and fuzzed without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lenslet::realtime::redis {

struct RedisAddress {
  std::string host;      // a name, an IPv4 address, or an IPv6 address without brackets
  std::uint16_t port = 6379;
  std::string username;  // Redis 6 ACL user; empty: AUTH with the password only
  std::string password;  // percent-decoded; empty: no AUTH
  int db = 0;            // SELECTed on connect (pub/sub itself ignores it)

  // host:port for log lines: never the password.
  std::string ToString() const;
};

// Parses redis://host[:port][/db] and redis://[user]:password@host:port[/db];
// IPv6 hosts in brackets. std::nullopt on anything else (other schemes,
// rediss:// — TLS is not supported —, a query, a bad port or db).
std::optional<RedisAddress> ParseRedisUrl(std::string_view url);

// ParseRedisUrl for a --redis-url that must be valid: throws
// std::invalid_argument that says what is expected, never the URL itself (it
// may hold a password).
RedisAddress ParseRedisUrlOrThrow(std::string_view url);

}  // namespace lenslet::realtime::redis

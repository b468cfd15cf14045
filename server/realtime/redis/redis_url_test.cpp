#include "realtime/redis/redis_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace lenslet::realtime::redis {
namespace {

TEST(ParseRedisUrl, HostAndPort) {
  const auto address = ParseRedisUrl("redis://127.0.0.1:6380");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 6380);
  EXPECT_EQ(address->db, 0);
  EXPECT_TRUE(address->password.empty());
  EXPECT_EQ(address->ToString(), "127.0.0.1:6380");
}

TEST(ParseRedisUrl, DefaultsAndDatabase) {
  const auto address = ParseRedisUrl("redis://cache.internal/3");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "cache.internal");
  EXPECT_EQ(address->port, 6379);
  EXPECT_EQ(address->db, 3);
  EXPECT_TRUE(ParseRedisUrl("redis://localhost:6379/"));
}

TEST(ParseRedisUrl, PasswordAndUser) {
  const auto address = ParseRedisUrl("redis://:s%40cret:x@redis:6379/1");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->username, "");
  EXPECT_EQ(address->password, "s@cret:x");
  EXPECT_EQ(address->host, "redis");
  EXPECT_EQ(address->db, 1);
  // The password never reaches a log line.
  EXPECT_EQ(address->ToString().find("cret"), std::string::npos);

  const auto acl = ParseRedisUrl("redis://lenslet:pw@redis:6379");
  ASSERT_TRUE(acl);
  EXPECT_EQ(acl->username, "lenslet");
  EXPECT_EQ(acl->password, "pw");
}

TEST(ParseRedisUrl, Ipv6) {
  const auto address = ParseRedisUrl("redis://[::1]:7000");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 7000);
  EXPECT_EQ(address->ToString(), "[::1]:7000");
}

TEST(ParseRedisUrl, RefusesBadInput) {
  for (const char* bad : {
           "", "redis://", "redis://:6379", "http://host:6379", "rediss://host:6379", "redis:/host",
           "redis://host:0", "redis://host:65536", "redis://host:-1", "redis://host:12ab", "redis://host:",
           "redis://host/x", "redis://host/-1", "redis://host/1/2", "redis://host?db=1", "redis://host#x",
           "redis://secret@host", "redis://:%zz@host", "redis://:%4@host", "redis://ho st", "redis://[::1",
           "redis://[::1]x", "redis://[]:1", "redis://host:99999999999999999999",
       }) {
    EXPECT_FALSE(ParseRedisUrl(bad)) << bad;
  }
}

TEST(ParseRedisUrlOrThrow, RefusesWithoutEchoingThePassword) {
  EXPECT_EQ(ParseRedisUrlOrThrow("redis://:pw@cache:6380").port, 6380);
  try {
    ParseRedisUrlOrThrow("http://user:secret@host");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace lenslet::realtime::redis

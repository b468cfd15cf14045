// Logins ended on one instance, known to another at once, against a real
// redis-server; without Redis, "unknown" (the caller trusts its cache).
//
// Needs LENSLET_TEST_REDIS_URL (see realtime/redis/testing/redis_fixture.hpp).
#include "cluster/redis_revocations.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <random>

#include "cluster/scripts.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::cluster {
namespace {
namespace net = boost::asio;
using namespace std::chrono_literals;
using realtime::redis::CommandClient;
using realtime::redis::testing::WaitUntil;

template <typename T>
T Await(net::awaitable<T> work) {
  net::io_context io;
  auto future = net::co_spawn(io, std::move(work), net::use_future);
  io.run();
  return future.get();
}

void AwaitVoid(net::awaitable<void> work) {
  net::io_context io;
  auto future = net::co_spawn(io, std::move(work), net::use_future);
  io.run();
  future.get();
}

std::string UniquePrefix() {
  std::random_device random;
  return "lenslet-test-" + std::to_string(random()) + std::to_string(random());
}

class RedisRevocationsTest : public realtime::redis::testing::RedisTest {};

TEST_F(RedisRevocationsTest, AnotherInstanceSeesTheRevocationAtOnce) {
  const auto prefix = UniquePrefix();
  CommandClient client_a({.url = redis_url(), .scripts = Scripts()});
  CommandClient client_b({.url = redis_url(), .scripts = Scripts()});
  ASSERT_TRUE(WaitUntil([&] { return client_a.connected() && client_b.connected(); }, 5s));
  RedisRevocations a(client_a, prefix);
  RedisRevocations b(client_b, prefix);
  const core::SessionId one{101};
  const core::SessionId two{102};
  const core::SessionId three{103};
  const core::SessionId kept{104};
  EXPECT_EQ(Await(b.Contains(one)), auth::Revoked::kNo);
  AwaitVoid(a.Add({one, two, three}));  // a logout-all: one round trip
  EXPECT_EQ(Await(b.Contains(one)), auth::Revoked::kYes);
  EXPECT_EQ(Await(b.Contains(three)), auth::Revoked::kYes);
  EXPECT_EQ(Await(b.Contains(kept)), auth::Revoked::kNo);
  // Other clusters on the same Redis are not affected.
  RedisRevocations elsewhere(client_b, prefix + "-other");
  EXPECT_EQ(Await(elsewhere.Contains(one)), auth::Revoked::kNo);
  // The key outlives the session cache's positive ttl, and then goes.
  const auto ttl = Await(client_b.Run({"PTTL", b.Key(two)}));
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl.value.integer, 50'000);
  EXPECT_LE(ttl.value.integer, kRevocationTtl.count());
}

TEST_F(RedisRevocationsTest, WithoutRedisTheAnswerIsUnknownAndAddReturns) {
  const int port = realtime::redis::testing::FreePort();
  ASSERT_GT(port, 0);
  CommandClient client({.url = "redis://127.0.0.1:" + std::to_string(port), .deadline = 60s, .scripts = Scripts()});
  RedisRevocations revocations(client, UniquePrefix());
  AwaitVoid(revocations.Add({core::SessionId{5}}));
  EXPECT_EQ(Await(revocations.Contains(core::SessionId{5})), auth::Revoked::kUnknown);
}

}  // namespace
}  // namespace lenslet::cluster

// The shared rate limits against a real redis-server: the sliding-window
// script's rule (the in-process RateLimiter's, exactly), one count for every
// instance, and the fallback to this instance's own count without Redis.
//
// Needs LENSLET_TEST_REDIS_URL (see realtime/redis/testing/redis_fixture.hpp).
#include "cluster/redis_limiters.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <random>
#include <string>

#include "cluster/scripts.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::cluster {
namespace {
namespace net = boost::asio;
using namespace std::chrono_literals;
using realtime::redis::CommandClient;
using realtime::redis::CommandResult;
using realtime::redis::RedisValue;
using realtime::redis::testing::RedisProcess;
using realtime::redis::testing::WaitUntil;

template <typename T>
T Await(net::awaitable<T> work) {
  net::io_context io;
  auto future = net::co_spawn(io, std::move(work), net::use_future);
  io.run();
  return future.get();
}

std::string UniquePrefix() {
  std::random_device random;
  return "lenslet-test-" + std::to_string(random()) + std::to_string(random());
}

class SlidingWindowTest : public realtime::redis::testing::RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    client_ = std::make_unique<CommandClient>(realtime::redis::CommandClientOptions{
        .url = redis_url(), .deadline = 5s, .scripts = Scripts()});
    ASSERT_TRUE(WaitUntil([&] { return client_->connected(); }, 5s));
    key_ = UniquePrefix() + ":rl:test:1";
  }

  // {allowed, wait ms} at `now` for at most `max` events per `window` ms.
  std::pair<bool, long long> Event(long long max, long long window, long long now) {
    const CommandResult result = Await(client_->RunScript(
        kSlidingWindow, {key_},
        {std::to_string(max), std::to_string(window), std::to_string(now), std::to_string(++events_)}));
    EXPECT_TRUE(result.ok()) << result.value.text;
    EXPECT_EQ(result.value.kind, RedisValue::Kind::kArray);
    if (result.value.elements.size() != 2) return {false, -1};
    return {result.value.elements[0].integer == 1, result.value.elements[1].integer};
  }

  std::unique_ptr<CommandClient> client_;
  std::string key_;
  int events_ = 0;
};

TEST_F(SlidingWindowTest, AllowsMaxEventsInAnyWindowAndSaysWhenTheNextFits) {
  EXPECT_EQ(Event(3, 1000, 10'000), std::make_pair(true, 0LL));
  EXPECT_EQ(Event(3, 1000, 10'001), std::make_pair(true, 0LL));
  EXPECT_EQ(Event(3, 1000, 10'002), std::make_pair(true, 0LL));
  // The oldest (10 000) leaves the window at 11 000.
  EXPECT_EQ(Event(3, 1000, 10'003), std::make_pair(false, 997LL));
  EXPECT_EQ(Event(3, 1000, 10'999), std::make_pair(false, 1LL));
  // A refusal is not counted: at 11 000 exactly one place is free.
  EXPECT_EQ(Event(3, 1000, 11'000), std::make_pair(true, 0LL));
  EXPECT_EQ(Event(3, 1000, 11'000), std::make_pair(false, 1LL));  // 10 001 leaves at 11 001
  EXPECT_EQ(Event(3, 1000, 11'001), std::make_pair(true, 0LL));
}

TEST_F(SlidingWindowTest, TheKeyExpiresWithItsWindow) {
  EXPECT_TRUE(Event(5, 60'000, 1'000).first);
  const auto ttl = Await(client_->Run({"PTTL", key_}));
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl.value.integer, 0);
  EXPECT_LE(ttl.value.integer, 60'000);
}

TEST_F(SlidingWindowTest, UsesRedisClockWhenNoTimeIsGiven) {
  // "" as now: Redis's TIME. Two events in a 60 s window, the third refused
  // with a wait just under the window.
  const auto event = [&] {
    const auto result = Await(client_->RunScript(kSlidingWindow, {key_}, {"2", "60000", "", std::to_string(++events_)}));
    EXPECT_TRUE(result.ok()) << result.value.text;
    return std::make_pair(result.value.elements.at(0).integer, result.value.elements.at(1).integer);
  };
  EXPECT_EQ(event().first, 1);
  EXPECT_EQ(event().first, 1);
  const auto refused = event();
  EXPECT_EQ(refused.first, 0);
  EXPECT_GT(refused.second, 50'000);
  EXPECT_LE(refused.second, 60'000);
}

class RedisLimitersTest : public realtime::redis::testing::RedisTest {};

TEST_F(RedisLimitersTest, TwoInstancesShareOneCount) {
  const auto prefix = UniquePrefix();
  // Two instances: a client and limiters each, one Redis.
  CommandClient client_a({.url = redis_url(), .scripts = Scripts()});
  CommandClient client_b({.url = redis_url(), .scripts = Scripts()});
  ASSERT_TRUE(WaitUntil([&] { return client_a.connected() && client_b.connected(); }, 5s));
  RedisLimiters limiters_a(client_a, prefix);
  RedisLimiters limiters_b(client_b, prefix);
  const auto a = limiters_a.Make("post", {4, 60'000});
  const auto b = limiters_b.Make("post", {4, 60'000});
  const auto other_limit = limiters_b.Make("comment", {4, 60'000});
  int allowed = 0;
  auth::RateDecision last;
  for (int i = 0; i < 8; ++i) {
    last = Await((i % 2 == 0 ? a : b)->Acquire("42"));
    if (last.allowed) ++allowed;
  }
  EXPECT_EQ(allowed, 4);
  EXPECT_FALSE(last.allowed);
  EXPECT_GE(last.retry_after_seconds, 59);
  EXPECT_LE(last.retry_after_seconds, 60);
  // Other keys and other limits count apart.
  EXPECT_TRUE(Await(a->Acquire("43")).allowed);
  EXPECT_TRUE(Await(other_limit->Acquire("42")).allowed);
}

TEST_F(RedisLimitersTest, WithoutRedisEachInstanceCountsAlone) {
  const int port = realtime::redis::testing::FreePort();
  ASSERT_GT(port, 0);
  CommandClient client({.url = "redis://127.0.0.1:" + std::to_string(port), .scripts = Scripts()});
  RedisLimiters limiters(client, UniquePrefix());
  const auto limit = limiters.Make("post", {2, 60'000});
  EXPECT_TRUE(Await(limit->Acquire("7")).allowed);
  EXPECT_TRUE(Await(limit->Acquire("7")).allowed);
  const auto refused = Await(limit->Acquire("7"));
  EXPECT_FALSE(refused.allowed);  // never unlimited
  EXPECT_GE(refused.retry_after_seconds, 59);
  EXPECT_TRUE(Await(limit->Acquire("8")).allowed);  // never everything refused
}

TEST_F(RedisLimitersTest, AnOutageStartsFromThisInstancesOwnShare) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .scripts = Scripts()});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  RedisLimiters limiters(client, UniquePrefix());
  const auto limit = limiters.Make("action", {3, 60'000});
  EXPECT_TRUE(Await(limit->Acquire("9")).allowed);
  EXPECT_TRUE(Await(limit->Acquire("9")).allowed);
  redis.Kill();
  // What Redis allowed was counted here too: one more, then refused.
  EXPECT_TRUE(Await(limit->Acquire("9")).allowed);
  EXPECT_FALSE(Await(limit->Acquire("9")).allowed);
}

}  // namespace
}  // namespace lenslet::cluster

// The wrong-password throttle shared through a real redis-server: two
// instances count one client's failures once, queue an account's strangers in
// one line and tell its owner once; the scripts decide exactly as the
// in-process LoginThrottle does; every key expires; without Redis each
// instance throttles alone, starting from its own share.
//
// Needs LENSLET_TEST_REDIS_URL (see realtime/redis/testing/redis_fixture.hpp).
#include "cluster/redis_throttle_state.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <random>
#include <string>

#include "cluster/scripts.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::cluster {
namespace {
namespace net = boost::asio;
using namespace std::chrono_literals;
using realtime::redis::CommandClient;
using realtime::redis::RedisValue;
using realtime::redis::testing::RedisProcess;
using realtime::redis::testing::WaitUntil;

constexpr core::Millis kMinute = 60'000;

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

// Two instances on one Redis, each with its command client, deciding by one
// test clock (Redis's own in production: one clock for all).
class RedisThrottleStateTest : public realtime::redis::testing::RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    client_a_ = std::make_unique<CommandClient>(
        realtime::redis::CommandClientOptions{.url = redis_url(), .deadline = 5s, .scripts = Scripts()});
    client_b_ = std::make_unique<CommandClient>(
        realtime::redis::CommandClientOptions{.url = redis_url(), .deadline = 5s, .scripts = Scripts()});
    ASSERT_TRUE(WaitUntil([&] { return client_a_->connected() && client_b_->connected(); }, 5s));
    prefix_ = UniquePrefix();
  }

  std::unique_ptr<RedisThrottleState> Make(CommandClient& client, auth::LoginThrottleOptions options = {}) {
    return std::make_unique<RedisThrottleState>(client, prefix_, options, [this] { return now_; });
  }

  static auth::Admission Admit(RedisThrottleState& at, const std::string& account, const std::string& client,
                               bool known = false) {
    return Await(at.Admit(account, client, known));
  }
  static bool Fail(RedisThrottleState& at, const std::string& account, const std::string& client) {
    return Await(at.RecordFailure(account, client));
  }

  std::unique_ptr<CommandClient> client_a_;
  std::unique_ptr<CommandClient> client_b_;
  std::string prefix_;
  core::Millis now_ = 10'000'000;
};

TEST_F(RedisThrottleStateTest, AClientsFailuresOnTwoInstancesAreCountedOnce) {
  const auto a = Make(*client_a_);
  const auto b = Make(*client_b_);
  // Five free failures in all, alternating instances: three on one, two on the other.
  for (int i = 0; i < 5; ++i) {
    auto& at = i % 2 == 0 ? *a : *b;
    EXPECT_TRUE(Admit(at, "user:1", "10.0.0.1").allowed) << i;
    Fail(at, "user:1", "10.0.0.1");
  }
  for (auto* at : {a.get(), b.get()}) {
    const auto refused = Admit(*at, "user:1", "10.0.0.1");
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, 1);
  }
  // Another address, and the same address on another account, are not held back.
  EXPECT_TRUE(Admit(*b, "user:1", "10.0.0.2").allowed);
  EXPECT_TRUE(Admit(*b, "user:2", "10.0.0.1").allowed);
  now_ += 1'000;
  EXPECT_TRUE(Admit(*b, "user:1", "10.0.0.1").allowed);
  Fail(*b, "user:1", "10.0.0.1");
  EXPECT_EQ(Admit(*a, "user:1", "10.0.0.1").retry_after_seconds, 2);
  // A right password on one instance forgets the client's failures on both.
  AwaitVoid(a->RecordSuccess("user:1", "10.0.0.1"));
  EXPECT_TRUE(Admit(*b, "user:1", "10.0.0.1").allowed);
}

TEST_F(RedisThrottleStateTest, StrangersQueueInOneLineForTheWholeCluster) {
  const auto a = Make(*client_a_);
  const auto b = Make(*client_b_);
  for (int i = 0; i < 10; ++i) {
    auto& at = i % 2 == 0 ? *a : *b;
    EXPECT_FALSE(Await(a->Gated("user:1")));
    EXPECT_FALSE(Await(b->Gated("user:1")));
    Fail(at, "user:1", "10.1.0." + std::to_string(i));
  }
  EXPECT_TRUE(Await(a->Gated("user:1")));
  EXPECT_TRUE(Await(b->Gated("user:1")));
  // Turns 500 ms apart whichever instance a stranger reaches: one queue.
  int admitted = 0;
  for (int i = 0; i < 20; ++i) {
    const auto turn = Admit(i % 2 == 0 ? *a : *b, "user:1", "10.2.0." + std::to_string(i));
    if (!turn.allowed) {
      EXPECT_GE(turn.retry_after_seconds, 1);
      continue;
    }
    EXPECT_EQ(turn.wait_ms, 500 * admitted) << i;
    ++admitted;
  }
  EXPECT_EQ(admitted, 11);  // turns at 0, 0.5, …, 5 s
  // The owner on a known address is not queued; other accounts are untouched.
  EXPECT_EQ(Admit(*b, "user:1", "192.0.2.7", true).wait_ms, 0);
  EXPECT_TRUE(Admit(*a, "user:1", "192.0.2.7", true).allowed);
  EXPECT_EQ(Admit(*b, "user:2", "10.2.0.1").wait_ms, 0);
}

TEST_F(RedisThrottleStateTest, TheOwnerIsToldOncePerWindowForTheWholeCluster) {
  const auto a = Make(*client_a_, {.account_failures_before_gate = 3});
  const auto b = Make(*client_b_, {.account_failures_before_gate = 3});
  int told = 0;
  for (int i = 0; i < 8; ++i) told += Fail(i % 2 == 0 ? *a : *b, "user:1", "c" + std::to_string(i)) ? 1 : 0;
  EXPECT_EQ(told, 1);
  now_ += 16 * kMinute;  // the failures left the window, the attack starts again
  EXPECT_FALSE(Fail(*b, "user:1", "x"));
  EXPECT_FALSE(Fail(*a, "user:1", "y"));
  EXPECT_TRUE(Fail(*b, "user:1", "z"));
  EXPECT_FALSE(Fail(*a, "user:1", "w"));
}

TEST_F(RedisThrottleStateTest, DecidesExactlyAsTheInProcessThrottle) {
  // Random guessing against a few accounts from a few addresses, now and
  // then a right password, time moving on by up to four minutes: every
  // answer of the scripts equals LoginThrottle's.
  const auth::LoginThrottleOptions options{.account_failures_before_gate = 4, .window_ms = 10 * kMinute};
  const auto shared = Make(*client_a_, options);
  auth::LoginThrottle local(options, [this] { return now_; });
  std::mt19937 random(20261206);
  const auto pick = [&](int n) { return static_cast<int>(random() % n); };
  for (int step = 0; step < 1'500; ++step) {
    const std::string account = "user:" + std::to_string(pick(3));
    const std::string client = "10.0.0." + std::to_string(pick(4));
    switch (pick(10)) {
      case 0:
        now_ += pick(4 * 60'000);
        break;
      case 1:
        AwaitVoid(shared->RecordSuccess(account, client));
        local.RecordSuccess(account, client);
        break;
      case 2:
        ASSERT_EQ(Await(shared->Gated(account)), local.Gated(account)) << step;
        break;
      case 3:
      case 4:
      case 5: {
        const bool known = pick(4) == 0;
        const auto expected = local.Admit(account, client, known);
        const auto got = Admit(*shared, account, client, known);
        ASSERT_EQ(got.allowed, expected.allowed) << step;
        ASSERT_EQ(got.wait_ms, expected.wait_ms) << step;
        ASSERT_EQ(got.retry_after_seconds, expected.retry_after_seconds) << step;
        break;
      }
      default:
        ASSERT_EQ(Fail(*shared, account, client), local.RecordFailure(account, client)) << step;
        now_ += pick(3'000);
    }
  }
}

TEST_F(RedisThrottleStateTest, EveryKeyExpiresAndNamesStayShort) {
  const auto a = Make(*client_a_, {.account_failures_before_gate = 2});
  const std::string odd_login = "login:" + std::string(5'000, 'x') + "}{ \n";
  for (const auto& client : {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) Fail(*a, "user:1", client);
  Fail(*a, odd_login, "2001:db8:1:2::/64");
  EXPECT_TRUE(Admit(*a, "user:1", "10.0.0.9").allowed);  // gated: a turn is written
  EXPECT_EQ(a->FailuresKey("user:1"), prefix_ + ":lt:{user:1}:f");
  EXPECT_EQ(a->ClientKey("user:1", "10.0.0.1"), prefix_ + ":lt:{user:1}:c:10.0.0.1");

  const auto keys = Await(client_a_->Run({"KEYS", prefix_ + ":*"}));
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys.value.kind, RedisValue::Kind::kArray);
  // user:1: failures, gate, three clients; the odd login: failures, one client.
  EXPECT_EQ(keys.value.elements.size(), 7u);
  for (const auto& key : keys.value.elements) {
    EXPECT_LE(key.text.size(), prefix_.size() + 100) << key.text;
    const auto ttl = Await(client_a_->Run({"PTTL", key.text}));
    ASSERT_TRUE(ttl.ok());
    EXPECT_GT(ttl.value.integer, 0) << key.text;
    EXPECT_LE(ttl.value.integer, 15 * kMinute + 15'000) << key.text;
  }
}

TEST_F(RedisThrottleStateTest, WithoutRedisEachInstanceThrottlesAlone) {
  const int port = realtime::redis::testing::FreePort();
  ASSERT_GT(port, 0);
  CommandClient client({.url = "redis://127.0.0.1:" + std::to_string(port), .scripts = Scripts()});
  const auto alone = Make(client, {.account_failures_before_gate = 6});
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Fail(*alone, "user:1", "10.0.0.1"));
  EXPECT_FALSE(Admit(*alone, "user:1", "10.0.0.1").allowed);  // never unlimited
  EXPECT_TRUE(Admit(*alone, "user:1", "10.0.0.2").allowed);   // never everything refused
  EXPECT_TRUE(Fail(*alone, "user:1", "10.0.0.2"));            // the owner is still told
  EXPECT_TRUE(Await(alone->Gated("user:1")));
  AwaitVoid(alone->RecordSuccess("user:1", "10.0.0.1"));
  EXPECT_TRUE(Admit(*alone, "user:1", "10.0.0.1", true).allowed);
}

TEST_F(RedisThrottleStateTest, AnOutageStartsFromThisInstancesOwnShare) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .scripts = Scripts()});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  const auto throttle = Make(client);
  for (int i = 0; i < 3; ++i) Fail(*throttle, "user:1", "10.0.0.1");
  redis.Kill();
  // What Redis counted was counted here too: two more are free, then a delay.
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(Admit(*throttle, "user:1", "10.0.0.1").allowed) << i;
    Fail(*throttle, "user:1", "10.0.0.1");
  }
  EXPECT_FALSE(Admit(*throttle, "user:1", "10.0.0.1").allowed);
}

}  // namespace
}  // namespace lenslet::cluster

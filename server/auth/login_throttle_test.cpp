#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::auth {
namespace {

constexpr core::Millis kMinute = 60'000;

class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginThrottle Make(LoginThrottleOptions options = {}) {
    return LoginThrottle(options, [this] { return now_; });
  }
  core::Millis now_ = 10'000'000;
};

TEST_F(LoginThrottleTest, AClientGetsAFewFreeFailuresThenAGrowingDelayForItselfOnly) {
  auto throttle = Make();
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(throttle.Admit("user:1", "10.0.0.1", false).allowed);
    throttle.RecordFailure("user:1", "10.0.0.1");
  }
  auto refused = throttle.Admit("user:1", "10.0.0.1", false);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  // Another address, and the same address on another account, are not held back.
  EXPECT_TRUE(throttle.Admit("user:1", "10.0.0.2", false).allowed);
  EXPECT_TRUE(throttle.Admit("user:2", "10.0.0.1", false).allowed);
  now_ += 1'000;
  EXPECT_TRUE(throttle.Admit("user:1", "10.0.0.1", false).allowed);
  throttle.RecordFailure("user:1", "10.0.0.1");
  EXPECT_EQ(throttle.Admit("user:1", "10.0.0.1", false).retry_after_seconds, 2);
  now_ += 2'000;
  throttle.RecordFailure("user:1", "10.0.0.1");
  EXPECT_EQ(throttle.Admit("user:1", "10.0.0.1", false).retry_after_seconds, 4);
}

TEST_F(LoginThrottleTest, TheClientDelayIsCappedAndForgottenAfterTheWindow) {
  auto throttle = Make();
  for (int i = 0; i < 200; ++i) throttle.RecordFailure("user:1", "10.0.0.1");
  EXPECT_EQ(throttle.Admit("user:1", "10.0.0.1", false).retry_after_seconds, 15 * 60);
  now_ += 30 * kMinute;
  EXPECT_TRUE(throttle.Admit("user:1", "10.0.0.1", false).allowed);
}

TEST_F(LoginThrottleTest, ARightPasswordForgetsTheClientsFailuresButNotTheAccounts) {
  auto throttle = Make({.account_failures_before_gate = 6});
  for (int i = 0; i < 5; ++i) throttle.RecordFailure("user:1", "10.0.0.1");
  throttle.RecordSuccess("user:1", "10.0.0.1");
  EXPECT_TRUE(throttle.Admit("user:1", "10.0.0.1", false).allowed);
  throttle.RecordFailure("user:1", "10.0.0.9");
  EXPECT_TRUE(throttle.Gated("user:1"));
}

TEST_F(LoginThrottleTest, RotatingAddressesQueueUnknownClientsPerAccountAndKnownOnesPass) {
  auto throttle = Make();
  for (int i = 0; i < 10; ++i) {
    const auto address = "10.1.0." + std::to_string(i);
    EXPECT_TRUE(throttle.Admit("user:1", address, false).allowed);
    EXPECT_FALSE(throttle.Gated("user:1"));
    throttle.RecordFailure("user:1", address);
  }
  EXPECT_TRUE(throttle.Gated("user:1"));
  // Unknown clients take turns 500 ms apart; nobody is refused while the queue is short.
  core::Millis waited = 0;
  int admitted = 0;
  for (int i = 0; i < 20; ++i) {
    const auto turn = throttle.Admit("user:1", "10.2.0." + std::to_string(i), false);
    if (!turn.allowed) {
      EXPECT_GE(turn.retry_after_seconds, 1);
      continue;
    }
    EXPECT_GE(turn.wait_ms, waited);
    waited = turn.wait_ms;
    ++admitted;
  }
  EXPECT_EQ(admitted, 11);  // turns at 0, 0.5, …, 5 s
  // The owner on a known address, with no failures of its own, is not queued.
  const auto owner = throttle.Admit("user:1", "192.0.2.7", true);
  EXPECT_TRUE(owner.allowed);
  EXPECT_EQ(owner.wait_ms, 0);
  // Other accounts are untouched.
  EXPECT_EQ(throttle.Admit("user:2", "10.2.0.1", false).wait_ms, 0);
}

TEST_F(LoginThrottleTest, TheQueueSlowsDownAsFailuresGrow) {
  auto throttle = Make();
  for (int i = 0; i < 13; ++i) throttle.RecordFailure("user:1", "10.1.0." + std::to_string(i));
  EXPECT_EQ(throttle.Admit("user:1", "10.3.0.1", false).wait_ms, 0);
  EXPECT_EQ(throttle.Admit("user:1", "10.3.0.2", false).wait_ms, 4'000);  // 500 ms × 2³
  EXPECT_FALSE(throttle.Admit("user:1", "10.3.0.3", false).allowed);
}

TEST_F(LoginThrottleTest, TheOwnerIsToldOncePerWindow) {
  auto throttle = Make({.account_failures_before_gate = 3});
  EXPECT_FALSE(throttle.RecordFailure("user:1", "a"));
  EXPECT_FALSE(throttle.RecordFailure("user:1", "b"));
  EXPECT_TRUE(throttle.RecordFailure("user:1", "c"));
  EXPECT_FALSE(throttle.RecordFailure("user:1", "d"));
  now_ += 16 * kMinute;  // the failures left the window, the attack starts again
  for (const auto* c : {"e", "f"}) EXPECT_FALSE(throttle.RecordFailure("user:1", c));
  EXPECT_TRUE(throttle.RecordFailure("user:1", "g"));
}

TEST_F(LoginThrottleTest, MemoryIsBoundedWithoutForgettingABusyAccount) {
  auto throttle = Make({.account_failures_before_gate = 3, .max_keys = 10});
  for (int i = 0; i < 3; ++i) throttle.RecordFailure("user:1", "a");
  for (int i = 0; i < 100; ++i) {
    throttle.RecordFailure("login:x" + std::to_string(i), "b");
    EXPECT_TRUE(throttle.Gated("user:1"));  // touched: the most recently used
  }
}

}  // namespace
}  // namespace lenslet::auth

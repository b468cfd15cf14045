#include "api/live/event_limits.hpp"

#include <gtest/gtest.h>

namespace lenslet::api::live {
namespace {

using namespace std::chrono_literals;

const SteadyTime kStart = SteadyTime{} + 1h;

TEST(EventBudget, AllowsTheLimitPerMinuteThenTellsHowLongToWait) {
  EventBudget budget;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(budget.Spend(3, kStart + i * 1s).allowed) << i;
  const auto refused = budget.Spend(3, kStart + 20s);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 40);
  // Refusals are not counted; the next window starts afresh.
  EXPECT_FALSE(budget.Spend(3, kStart + 59'500ms).allowed);
  EXPECT_EQ(budget.Spend(3, kStart + 59'500ms).retry_after_seconds, 1);
  EXPECT_TRUE(budget.Spend(3, kStart + 60s).allowed);
  EXPECT_TRUE(budget.Spend(3, kStart + 61s).allowed);
  EXPECT_TRUE(budget.Spend(3, kStart + 62s).allowed);
  EXPECT_FALSE(budget.Spend(3, kStart + 63s).allowed);
}

TEST(EventBudget, ZeroOrLessIsNoLimit) {
  EventBudget budget;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(budget.Spend(0, kStart).allowed);
}

TEST(TypingThrottle, OneRelayPerConversationPerSecond) {
  TypingThrottle throttle;
  const core::ConversationId a(1), b(2);
  EXPECT_TRUE(throttle.MayRelay(a, kStart));
  EXPECT_TRUE(throttle.Relayed(a, kStart));
  EXPECT_FALSE(throttle.MayRelay(a, kStart + 999ms));
  EXPECT_TRUE(throttle.MayRelay(b, kStart + 999ms));
  EXPECT_TRUE(throttle.MayRelay(a, kStart + 1s));
  EXPECT_TRUE(throttle.Relayed(a, kStart + 1s));
  EXPECT_FALSE(throttle.MayRelay(a, kStart + 1500ms));
}

// Regression (issue 12.4): the old per-socket list stored every conversation
// id a client sent, before the membership check, and never dropped one.
TEST(TypingThrottle, AskingStoresNothing) {
  TypingThrottle throttle;
  for (std::int64_t id = 1; id <= 10'000; ++id) EXPECT_TRUE(throttle.MayRelay(core::ConversationId(id), kStart));
  EXPECT_EQ(throttle.tracked(), 0u);
}

TEST(TypingThrottle, KeepsOnlyRecentRelaysAndAtMostAFew) {
  TypingThrottle throttle;
  for (std::int64_t id = 1; id <= 100; ++id) {
    EXPECT_TRUE(throttle.Relayed(core::ConversationId(id), kStart + id * 1ms));
    EXPECT_LE(throttle.tracked(), TypingThrottle::kMaxTracked);
  }
  // The newest stay throttled; the evicted oldest may relay again.
  EXPECT_FALSE(throttle.MayRelay(core::ConversationId(100), kStart + 200ms));
  EXPECT_TRUE(throttle.MayRelay(core::ConversationId(1), kStart + 200ms));
  // A relay after a quiet second forgets everything older.
  EXPECT_TRUE(throttle.Relayed(core::ConversationId(7), kStart + 5s));
  EXPECT_EQ(throttle.tracked(), 1u);
}

TEST(TypingThrottle, ASecondRelayRecordedMeanwhileIsSkipped) {
  TypingThrottle throttle;
  const core::ConversationId a(1);
  ASSERT_TRUE(throttle.MayRelay(a, kStart));
  ASSERT_TRUE(throttle.MayRelay(a, kStart));  // two events, both awaiting the membership check
  EXPECT_TRUE(throttle.Relayed(a, kStart + 5ms));
  EXPECT_FALSE(throttle.Relayed(a, kStart + 6ms));
}

}  // namespace
}  // namespace lenslet::api::live

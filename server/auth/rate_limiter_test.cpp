#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth/detail/client.hpp"
#include "core/error.hpp"

namespace lenslet::auth {
namespace {

class RateLimiterTest : public ::testing::Test {
 protected:
  Clock clock() {
    return [this] { return now_; };
  }
  core::Millis now_ = 1'000'000;
};

TEST_F(RateLimiterTest, AllowsUpToTheLimitInsideTheWindow) {
  RateLimiter limiter({3, 60'000}, 100, clock());
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  now_ += 1'000;
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  now_ += 1'000;
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  const auto refused = limiter.Acquire("a");
  EXPECT_FALSE(refused.allowed);
  // The first event (at +0 s) leaves the 60 s window at +60 s; it is now +2 s.
  EXPECT_EQ(refused.retry_after_seconds, 58);
  // Other keys are independent.
  EXPECT_TRUE(limiter.Acquire("b").allowed);
}

TEST_F(RateLimiterTest, WindowSlides) {
  RateLimiter limiter({2, 10'000}, 100, clock());
  EXPECT_TRUE(limiter.Acquire("k").allowed);  // t=0
  now_ += 5'000;
  EXPECT_TRUE(limiter.Acquire("k").allowed);  // t=5
  now_ += 4'999;
  EXPECT_FALSE(limiter.Acquire("k").allowed);  // t=9.999: both still inside
  EXPECT_EQ(limiter.Check("k").retry_after_seconds, 1);
  now_ += 1;
  EXPECT_TRUE(limiter.Acquire("k").allowed);  // t=10: the first left
  EXPECT_FALSE(limiter.Acquire("k").allowed);
  now_ += 5'000;
  EXPECT_TRUE(limiter.Acquire("k").allowed);  // t=15: the second left
}

TEST_F(RateLimiterTest, RefusedAttemptsAreNotCounted) {
  RateLimiter limiter({1, 10'000}, 100, clock());
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  for (int i = 0; i < 5; ++i) {
    now_ += 1'000;
    EXPECT_FALSE(limiter.Acquire("k").allowed);
  }
  now_ = 1'000'000 + 10'000;
  EXPECT_TRUE(limiter.Acquire("k").allowed);
}

TEST_F(RateLimiterTest, CheckRecordAndResetForFailureCounting) {
  RateLimiter failures({2, 60'000}, 100, clock());
  EXPECT_TRUE(failures.Check("alice").allowed);
  EXPECT_TRUE(failures.Check("alice").allowed);  // Check does not count
  failures.Record("alice");
  EXPECT_TRUE(failures.Check("alice").allowed);
  failures.Record("alice");
  EXPECT_FALSE(failures.Check("alice").allowed);
  failures.Reset("alice");
  EXPECT_TRUE(failures.Check("alice").allowed);
  EXPECT_EQ(failures.size(), 0u);
}

TEST_F(RateLimiterTest, ZeroTurnsTheLimitOff) {
  RateLimiter limiter({0, 60'000}, 100, clock());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Acquire("k").allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST_F(RateLimiterTest, ForgetsTheLeastRecentlyUsedKeyWhenFull) {
  RateLimiter limiter({1, 60'000}, 3, clock());
  EXPECT_TRUE(limiter.Acquire("victim").allowed);
  EXPECT_TRUE(limiter.Acquire("a").allowed);
  EXPECT_FALSE(limiter.Acquire("victim").allowed);  // touched: now most recent
  EXPECT_TRUE(limiter.Acquire("b").allowed);
  EXPECT_TRUE(limiter.Acquire("c").allowed);  // evicts "a", not the victim
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_FALSE(limiter.Acquire("victim").allowed);
  EXPECT_TRUE(limiter.Acquire("a").allowed);  // "a" was forgotten
}

TEST_F(RateLimiterTest, ThrowIfLimitedCarriesRetryAfter) {
  EXPECT_NO_THROW(ThrowIfLimited(RateDecision{}));
  try {
    ThrowIfLimited(RateDecision{false, 42});
    FAIL() << "no throw";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kRateLimited);
    EXPECT_EQ(e.http_status(), 429);
    EXPECT_EQ(e.message(), "Too many attempts, try again later");
    ASSERT_TRUE(e.retry_after_seconds);
    EXPECT_EQ(*e.retry_after_seconds, 42);
  }
}

TEST(RateLimiterThreads, CountsExactlyUnderContention) {
  RateLimiter limiter({1000, 3'600'000}, 100);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Acquire("shared").allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(AddressKey, GroupsIpv6ByItsSlash64) {
  EXPECT_EQ(detail::AddressKey("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(detail::AddressKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(detail::AddressKey("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(detail::AddressKey("[2001:db8:1:2::9]"), "2001:db8:1:2::/64");
  EXPECT_EQ(detail::AddressKey("::ffff:198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(detail::AddressKey("not:an:address"), "not:an:address");
  EXPECT_EQ(detail::AddressKey(""), "");
}

TEST(SanitizeForStorage, KeepsPrintableAsciiAndTruncates) {
  EXPECT_EQ(detail::SanitizeForStorage("Mozilla/5.0 (X11)", 100), "Mozilla/5.0 (X11)");
  EXPECT_EQ(detail::SanitizeForStorage("a\nb\xff\x01", 100), "a?b??");
  EXPECT_EQ(detail::SanitizeForStorage("abcdef", 3), "abc");
}

}  // namespace
}  // namespace lenslet::auth

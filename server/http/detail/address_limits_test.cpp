#include "http/detail/address_limits.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

using namespace std::chrono_literals;

TEST(IsLimitedAddress, LoopbackIsNotLimitedEverythingElseIs) {
  EXPECT_FALSE(IsLimitedAddress("127.0.0.1"));
  EXPECT_FALSE(IsLimitedAddress("127.3.4.5"));
  EXPECT_FALSE(IsLimitedAddress("::1"));
  EXPECT_FALSE(IsLimitedAddress("::ffff:127.0.0.1"));
  EXPECT_TRUE(IsLimitedAddress("203.0.113.7"));
  EXPECT_TRUE(IsLimitedAddress("2001:db8::1"));
  EXPECT_TRUE(IsLimitedAddress("not an address"));
}

TEST(ConnectionCounter, RefusesBeyondTheLimitAndReleasesWithTheSlot) {
  ConnectionCounter counter(2);
  auto a = counter.Acquire("203.0.113.7");
  auto b = counter.Acquire("203.0.113.7");
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(counter.Acquire("203.0.113.7"));
  EXPECT_TRUE(counter.Acquire("203.0.113.8")) << "another address has its own count";
  a.reset();
  EXPECT_EQ(counter.count("203.0.113.7"), 1u);
  EXPECT_TRUE(counter.Acquire("203.0.113.7"));
}

TEST(ConnectionCounter, LoopbackAndZeroAreUnlimited) {
  ConnectionCounter counter(1);
  auto a = counter.Acquire("127.0.0.1");
  auto b = counter.Acquire("127.0.0.1");
  EXPECT_TRUE(a && b);
  ConnectionCounter unlimited(0);
  auto c = unlimited.Acquire("203.0.113.7");
  auto d = unlimited.Acquire("203.0.113.7");
  EXPECT_TRUE(c && d);
}

class FakeClock {
 public:
  std::chrono::steady_clock::time_point now{};
  AddressBuckets::Clock fn() {
    return [this] { return now; };
  }
};

TEST(AddressBuckets, TryTakeRefusesWithTheWaitThenRefills) {
  FakeClock clock;
  AddressBuckets buckets(2.0, 3.0, clock.fn());  // 2 a second, 3 at most
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(buckets.TryTake("203.0.113.7", 1).has_value());
  const auto wait = buckets.TryTake("203.0.113.7", 1);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 500ms);
  EXPECT_FALSE(buckets.TryTake("203.0.113.8", 1).has_value()) << "per address";
  clock.now += 500ms;
  EXPECT_FALSE(buckets.TryTake("203.0.113.7", 1).has_value());
  EXPECT_TRUE(buckets.TryTake("203.0.113.7", 1).has_value());
}

TEST(AddressBuckets, SpendGoesIntoDebtAndSaysHowLongToPause) {
  FakeClock clock;
  AddressBuckets buckets(1000.0, 1000.0, clock.fn());  // bytes: 1000/s, one second of burst
  EXPECT_EQ(buckets.Spend("203.0.113.7", 1000), 0ms);
  EXPECT_EQ(buckets.Spend("203.0.113.7", 500), 500ms);
  EXPECT_EQ(buckets.Spend("203.0.113.7", 500), 1000ms) << "debts add up";
  clock.now += 1000ms;
  EXPECT_EQ(buckets.Spend("203.0.113.7", 0), 0ms);
  EXPECT_EQ(buckets.Spend("127.0.0.1", 1e9), 0ms) << "loopback is not limited";
}

TEST(AddressBuckets, ZeroRateIsUnlimited) {
  AddressBuckets buckets(0, 0);
  EXPECT_TRUE(buckets.unlimited());
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(buckets.TryTake("203.0.113.7", 1).has_value());
  EXPECT_EQ(buckets.Spend("203.0.113.7", 1e12), 0ms);
}

TEST(AddressBuckets, IdleAddressesAreForgotten) {
  FakeClock clock;
  AddressBuckets buckets(10.0, 10.0, clock.fn());
  const auto address = [](int i) { return "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256); };
  for (int i = 0; i < 1500; ++i) buckets.TryTake(address(i), 1);
  clock.now += 10s;  // every bucket so far is full again: nothing to remember
  for (int i = 1500; i < 2100; ++i) buckets.TryTake(address(i), 1);
  EXPECT_LE(buckets.tracked(), 700u) << "the 1,500 idle ones are gone";
}

}  // namespace
}  // namespace lenslet::http::detail

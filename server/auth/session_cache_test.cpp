#include "auth/session_cache.hpp"

#include <gtest/gtest.h>

namespace lenslet::auth {
namespace {

class SessionCacheTest : public ::testing::Test {
 protected:
  Clock clock() {
    return [this] { return now_; };
  }
  core::Millis now_ = 5'000'000;
  const core::SessionId s1_{1};
  const core::SessionId s2_{2};
  const core::UserId alice_{10};
};

TEST_F(SessionCacheTest, PositiveEntriesLiveForTheirTtl) {
  SessionCache cache({2'000, 10'000, 100}, clock());
  EXPECT_FALSE(cache.Find(s1_));
  cache.PutActive(s1_, alice_, cache.epoch());
  now_ += 1'999;
  auto hit = cache.Find(s1_);
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->active);
  EXPECT_EQ(hit->user, alice_);
  now_ += 1;
  EXPECT_FALSE(cache.Find(s1_));
  EXPECT_EQ(cache.size(), 0u);  // expired entries are dropped when seen
}

TEST_F(SessionCacheTest, NegativeEntriesHaveTheirOwnTtl) {
  SessionCache cache({2'000, 10'000, 100}, clock());
  cache.PutInactive(s1_);
  now_ += 9'999;
  auto hit = cache.Find(s1_);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->active);
  now_ += 1;
  EXPECT_FALSE(cache.Find(s1_));
}

TEST_F(SessionCacheTest, RevocationReplacesAPositiveEntryAtOnce) {
  SessionCache cache({2'000, 10'000, 100}, clock());
  cache.PutActive(s1_, alice_, cache.epoch());
  cache.PutInactive(s1_);
  ASSERT_TRUE(cache.Find(s1_));
  EXPECT_FALSE(cache.Find(s1_)->active);
  cache.PutActive(s2_, alice_, cache.epoch());
  cache.Erase(s2_);
  EXPECT_FALSE(cache.Find(s2_));
}

TEST_F(SessionCacheTest, AnActiveAnswerReadBeforeALogoutIsNotCached) {
  SessionCache cache({2'000, 10'000, 100}, clock());
  const auto epoch = cache.epoch();  // an Authenticate starts its database read
  cache.Erase(s1_);                  // a Logout in between
  cache.PutActive(s1_, alice_, epoch);
  EXPECT_FALSE(cache.Find(s1_));
}

TEST_F(SessionCacheTest, StaysBounded) {
  SessionCache cache({2'000, 10'000, 10}, clock());
  for (std::int64_t i = 1; i <= 10; ++i) cache.PutActive(core::SessionId(i), alice_, cache.epoch());
  EXPECT_EQ(cache.size(), 10u);
  now_ += 2'000;  // all ten expired: making room drops them, keeps the new one
  cache.PutActive(core::SessionId(11), alice_, cache.epoch());
  EXPECT_EQ(cache.size(), 1u);
  for (std::int64_t i = 12; i <= 100; ++i) cache.PutActive(core::SessionId(i), alice_, cache.epoch());
  EXPECT_LE(cache.size(), 10u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(SessionCacheTest, ZeroTtlDisablesCaching) {
  SessionCache cache({0, 0, 10}, clock());
  cache.PutActive(s1_, alice_, cache.epoch());
  cache.PutInactive(s2_);
  EXPECT_FALSE(cache.Find(s1_));
  EXPECT_FALSE(cache.Find(s2_));
}

}  // namespace
}  // namespace lenslet::auth

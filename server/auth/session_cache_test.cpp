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
  static constexpr core::Millis kForever = 1LL << 50;  // a session's end far away
};

// positive 2 s, kept 2 s, negative 10 s, 100 entries: the TTLs of the tests below.
SessionCacheOptions Short(std::size_t entries = 100) {
  return {.positive_ttl_ms = 2'000, .announced_ttl_ms = 2'000, .negative_ttl_ms = 10'000, .max_entries = entries};
}

TEST_F(SessionCacheTest, PositiveEntriesLiveForTheirTtl) {
  SessionCache cache(Short(), clock());
  EXPECT_FALSE(cache.Find(s1_));
  cache.PutActive(s1_, alice_, cache.epoch(), kForever);
  now_ += 1'999;
  auto hit = cache.Find(s1_);
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->active);
  EXPECT_EQ(hit->user, alice_);
  now_ += 1;
  EXPECT_FALSE(cache.Find(s1_));
  EXPECT_EQ(cache.size(), 0u);  // expired entries are dropped when seen
}

// Kept for the longer TTL (the caller decides how long to trust it, by
// checked_at), never past the session's own end.
TEST_F(SessionCacheTest, ActiveEntriesAreKeptForTheLongerTtlButNeverPastTheSessionsEnd) {
  SessionCache cache({.positive_ttl_ms = 2'000, .announced_ttl_ms = 60'000, .negative_ttl_ms = 10'000}, clock());
  const core::Millis put_at = now_;
  cache.PutActive(s1_, alice_, cache.epoch(), now_ + 30'000);
  cache.PutActive(s2_, alice_, cache.epoch(), kForever);
  now_ += 29'999;
  ASSERT_TRUE(cache.Find(s1_));
  EXPECT_EQ(cache.Find(s1_)->checked_at, put_at);
  now_ += 1;
  EXPECT_FALSE(cache.Find(s1_)) << "the session ended";
  now_ += 29'999;
  EXPECT_TRUE(cache.Find(s2_));
  now_ += 1;
  EXPECT_FALSE(cache.Find(s2_));
}

TEST_F(SessionCacheTest, NegativeEntriesHaveTheirOwnTtl) {
  SessionCache cache(Short(), clock());
  cache.PutInactive(s1_);
  now_ += 9'999;
  auto hit = cache.Find(s1_);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->active);
  now_ += 1;
  EXPECT_FALSE(cache.Find(s1_));
}

TEST_F(SessionCacheTest, RevocationReplacesAPositiveEntryAtOnce) {
  SessionCache cache(Short(), clock());
  cache.PutActive(s1_, alice_, cache.epoch(), kForever);
  cache.PutInactive(s1_);
  ASSERT_TRUE(cache.Find(s1_));
  EXPECT_FALSE(cache.Find(s1_)->active);
  cache.PutActive(s2_, alice_, cache.epoch(), kForever);
  cache.Erase(s2_);
  EXPECT_FALSE(cache.Find(s2_));
}

TEST_F(SessionCacheTest, AnActiveAnswerReadBeforeALogoutIsNotCached) {
  SessionCache cache(Short(), clock());
  const auto epoch = cache.epoch();  // an Authenticate starts its database read
  cache.Erase(s1_);                  // a Logout in between
  cache.PutActive(s1_, alice_, epoch, kForever);
  EXPECT_FALSE(cache.Find(s1_));
}

TEST_F(SessionCacheTest, StaysBounded) {
  SessionCache cache(Short(10), clock());
  for (std::int64_t i = 1; i <= 10; ++i) cache.PutActive(core::SessionId(i), alice_, cache.epoch(), kForever);
  EXPECT_EQ(cache.size(), 10u);
  now_ += 2'000;  // all ten expired: making room drops them, keeps the new one
  cache.PutActive(core::SessionId(11), alice_, cache.epoch(), kForever);
  EXPECT_EQ(cache.size(), 1u);
  for (std::int64_t i = 12; i <= 100; ++i) cache.PutActive(core::SessionId(i), alice_, cache.epoch(), kForever);
  EXPECT_LE(cache.size(), 10u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(SessionCacheTest, ZeroTtlDisablesCaching) {
  SessionCache cache({.positive_ttl_ms = 0, .announced_ttl_ms = 0, .negative_ttl_ms = 0, .max_entries = 10}, clock());
  cache.PutActive(s1_, alice_, cache.epoch(), kForever);
  cache.PutInactive(s2_);
  EXPECT_FALSE(cache.Find(s1_));
  EXPECT_FALSE(cache.Find(s2_));
}

}  // namespace
}  // namespace lenslet::auth

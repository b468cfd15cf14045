// A post cache's bound (post_keyed_cache.hpp): entries weigh what they hold,
// the least recently used go first when the budget is reached, a value
// heavier than the budget is not kept, and a smaller budget evicts at once.
#include "store/post_keyed_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::store {
namespace {

struct WeighText {
  std::size_t operator()(const std::string& text) const { return text.size(); }
};
using TextCache = PostKeyedCache<std::string, WeighText>;
constexpr std::size_t kOverhead = TextCache::kEntryOverhead;

void Put(TextCache& cache, int post, std::size_t length) {
  cache.Put(1, core::PostId(post), std::nullopt, std::make_shared<const std::string>(length, 'x'));
}
bool Holds(TextCache& cache, int post) { return cache.Find(1, core::PostId(post), std::nullopt) != nullptr; }

TEST(PostKeyedCache, TheLeastRecentlyUsedGoFirstWhenTheBudgetIsReached) {
  TextCache cache(3 * (kOverhead + 100));
  for (int i = 1; i <= 3; ++i) Put(cache, i, 100);
  EXPECT_EQ(cache.stats().bytes, 3 * (kOverhead + 100));
  ASSERT_TRUE(Holds(cache, 1));  // 1 is now the most recent
  Put(cache, 4, 100);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(Holds(cache, 2));
  EXPECT_TRUE(Holds(cache, 1));
  EXPECT_TRUE(Holds(cache, 3));
  EXPECT_TRUE(Holds(cache, 4));
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(PostKeyedCache, AHeavyEntryTakesTheRoomOfSeveralLightOnes) {
  TextCache cache(4 * (kOverhead + 100));
  for (int i = 1; i <= 4; ++i) Put(cache, i, 100);
  Put(cache, 5, 2 * kOverhead + 300);  // weighs three light entries
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(Holds(cache, 4));
  EXPECT_TRUE(Holds(cache, 5));
  EXPECT_EQ(cache.stats().evictions, 3u);
  EXPECT_LE(cache.stats().bytes, cache.stats().budget);
}

TEST(PostKeyedCache, AValueHeavierThanTheBudgetIsNotKept) {
  TextCache cache(kOverhead + 100);
  Put(cache, 1, 100);
  Put(cache, 2, 101);
  EXPECT_FALSE(Holds(cache, 2));
  EXPECT_TRUE(Holds(cache, 1)) << "what was there stays";
  EXPECT_EQ(cache.stats().evictions, 0u);
}

TEST(PostKeyedCache, PuttingAPostAgainReplacesItsEntryAndItsWeight) {
  TextCache cache(1 << 20);
  Put(cache, 1, 100);
  cache.Put(1, core::PostId(1), core::Millis(5), std::make_shared<const std::string>(300, 'y'));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.stats().bytes, kOverhead + 300);
  EXPECT_FALSE(Holds(cache, 1)) << "the old edit is gone";
  EXPECT_EQ(*cache.Find(1, core::PostId(1), core::Millis(5)), std::string(300, 'y'));
}

TEST(PostKeyedCache, ASmallerBudgetEvictsTheLeastRecentAtOnce) {
  TextCache cache(1 << 20);
  for (int i = 1; i <= 5; ++i) Put(cache, i, 100);
  ASSERT_TRUE(Holds(cache, 1));
  cache.SetBudget(2 * (kOverhead + 100));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(Holds(cache, 1));
  EXPECT_TRUE(Holds(cache, 5));
  cache.SetBudget(0);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
  Put(cache, 6, 1);
  EXPECT_FALSE(Holds(cache, 6)) << "a budget of 0 keeps nothing";
}

}  // namespace
}  // namespace lenslet::store

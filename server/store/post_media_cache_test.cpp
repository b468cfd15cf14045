// The memory of posts' images (post_media_cache.hpp): an entry serves only
// the post's current edit, only in its own database, and the least recently
// used go first.
#include "store/post_media_cache.hpp"

#include <gtest/gtest.h>

namespace lenslet::store {
namespace {

PostMediaCache::Media Images(const std::string& alt) {
  return {PostMediaRow{.width = 1, .height = 1, .alt = alt, .variants = {{"k-" + alt, 1, 1, "image/webp"}}}};
}

TEST(PostMediaCache, AnEntryServesOnlyTheEditItWasReadWith) {
  PostMediaCache cache(8);
  const core::PostId post(7);
  EXPECT_EQ(cache.Find(1, post, std::nullopt), nullptr);
  cache.Put(1, post, std::nullopt, Images("first"));
  ASSERT_NE(cache.Find(1, post, std::nullopt), nullptr);
  EXPECT_EQ(cache.Find(1, post, std::nullopt)->front().alt, "first");
  EXPECT_EQ(cache.Find(1, post, core::Millis(500)), nullptr) << "the post was edited since";
  cache.Put(1, post, core::Millis(500), Images("second"));
  EXPECT_EQ(cache.Find(1, post, core::Millis(500))->front().alt, "second");
  EXPECT_EQ(cache.Find(1, post, std::nullopt), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 3u);
  EXPECT_EQ(cache.misses(), 3u);
}

TEST(PostMediaCache, TwoDatabasesNeverShareAnEntry) {
  PostMediaCache cache(8);
  cache.Put(1, core::PostId(7), std::nullopt, Images("one"));
  EXPECT_EQ(cache.Find(2, core::PostId(7), std::nullopt), nullptr);
  cache.Put(2, core::PostId(7), std::nullopt, Images("two"));
  EXPECT_EQ(cache.Find(1, core::PostId(7), std::nullopt)->front().alt, "one");
  EXPECT_EQ(cache.Find(2, core::PostId(7), std::nullopt)->front().alt, "two");
}

TEST(PostMediaCache, TheLeastRecentlyUsedGoFirst) {
  PostMediaCache cache(3);
  for (int i = 1; i <= 3; ++i) cache.Put(1, core::PostId(i), std::nullopt, Images(std::to_string(i)));
  ASSERT_NE(cache.Find(1, core::PostId(1), std::nullopt), nullptr);  // 1 is now the most recent
  cache.Put(1, core::PostId(4), std::nullopt, Images("4"));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.Find(1, core::PostId(2), std::nullopt), nullptr);
  EXPECT_NE(cache.Find(1, core::PostId(1), std::nullopt), nullptr);
  EXPECT_NE(cache.Find(1, core::PostId(3), std::nullopt), nullptr);
  EXPECT_NE(cache.Find(1, core::PostId(4), std::nullopt), nullptr);
}

}  // namespace
}  // namespace lenslet::store

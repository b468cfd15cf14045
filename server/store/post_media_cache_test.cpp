// The memory of posts' images (post_media_cache.hpp): an entry serves only
// the post's current edit, only in its own database, and weighs what its
// images hold. The budget and the order of eviction: post_keyed_cache_test.cpp.
#include "store/post_media_cache.hpp"

#include <gtest/gtest.h>

namespace lenslet::store {
namespace {

PostMediaCache::Media Images(const std::string& alt) {
  return {PostMediaRow{.width = 1, .height = 1, .alt = alt, .variants = {{"k-" + alt, 1, 1, "image/webp"}}}};
}

TEST(PostMediaCache, AnEntryServesOnlyTheEditItWasReadWith) {
  PostMediaCache cache(1 << 20);
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
  PostMediaCache cache(1 << 20);
  cache.Put(1, core::PostId(7), std::nullopt, Images("one"));
  EXPECT_EQ(cache.Find(2, core::PostId(7), std::nullopt), nullptr);
  cache.Put(2, core::PostId(7), std::nullopt, Images("two"));
  EXPECT_EQ(cache.Find(1, core::PostId(7), std::nullopt)->front().alt, "one");
  EXPECT_EQ(cache.Find(2, core::PostId(7), std::nullopt)->front().alt, "two");
}

TEST(PostMediaCache, AnEntryWeighsItsImagesStringsAndRenditions) {
  PostMediaCache cache(1 << 20);
  cache.Put(1, core::PostId(1), std::nullopt, Images("a"));
  const auto one = cache.stats().bytes;
  PostMediaCache::Media ten;
  for (int i = 0; i < 10; ++i) ten.push_back(Images(std::string(200, 'x')).front());
  cache.Put(1, core::PostId(2), std::nullopt, std::move(ten));
  const auto eleven = cache.stats().bytes;
  EXPECT_GT(one, PostMediaCache::kEntryOverhead + sizeof(PostMediaRow));
  // Ten images with 200-character alt texts and keys: at least ten times one.
  EXPECT_GT(eleven - one, 10 * (one - PostMediaCache::kEntryOverhead) + 10 * 2 * 200);
}

}  // namespace
}  // namespace lenslet::store

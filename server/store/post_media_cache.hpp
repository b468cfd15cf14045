#pragma once
// A process-wide memory of posts' images and renditions, so that a page of
// posts does not read them again every time (issue 16).
//
// Why: a feed page's images are its heaviest statement by far — 21 posts
// have ~180 rendition rows of 11 columns each (the placeholder repeated per
// rendition), 5-6 times the cost of the posts' own rows — and they almost
// never change: written once with the post, then only an alt-text edit.
// Exact for the reasons post_keyed_cache.hpp gives.
#include <cstddef>
#include <vector>

#include "store/post_keyed_cache.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {

// The heap a post's images hold: the rows, their strings and renditions.
struct WeighPostMedia {
  std::size_t operator()(const std::vector<PostMediaRow>& media) const;
};

class PostMediaCache : public PostKeyedCache<std::vector<PostMediaRow>, WeighPostMedia> {
 public:
  using Media = std::vector<PostMediaRow>;

  // Half of --post-cache-mb's default (128): a seeded post of one photo and
  // its renditions weighs ~1.6 kB here, ~1.8 kB with its entry: ~36,000 such
  // posts. The rendered posts (api/views/rendered_posts.hpp) have the other half.
  static constexpr std::size_t kDefaultBudget = std::size_t{64} << 20;

  // The one every store call shares.
  static PostMediaCache& Shared();

  explicit PostMediaCache(std::size_t budget_bytes = kDefaultBudget) : PostKeyedCache(budget_bytes) {}

  using PostKeyedCache::Put;
  void Put(std::uint64_t database, core::PostId post, std::optional<core::Millis> edited_at, Media media) {
    Put(database, post, edited_at, std::make_shared<const Media>(std::move(media)));
  }
};

}  // namespace lenslet::store

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

class PostMediaCache : public PostKeyedCache<std::vector<PostMediaRow>> {
 public:
  using Media = std::vector<PostMediaRow>;

  // Sized for the posts a busy instance shows within minutes: ~1.5 kB each.
  static constexpr std::size_t kDefaultCapacity = 16'384;

  // The one every store call shares.
  static PostMediaCache& Shared();

  explicit PostMediaCache(std::size_t capacity = kDefaultCapacity) : PostKeyedCache(capacity) {}

  using PostKeyedCache::Put;
  void Put(std::uint64_t database, core::PostId post, std::optional<core::Millis> edited_at, Media media) {
    Put(database, post, edited_at, std::make_shared<const Media>(std::move(media)));
  }
};

}  // namespace lenslet::store

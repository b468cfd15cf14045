#include "store/post_media_cache.hpp"

namespace lenslet::store {

std::size_t WeighPostMedia::operator()(const std::vector<PostMediaRow>& media) const {
  std::size_t bytes = media.capacity() * sizeof(PostMediaRow);
  for (const auto& image : media) {
    bytes += image.alt.capacity() + image.placeholder.capacity() + image.average_colour.capacity();
    bytes += image.variants.capacity() * sizeof(MediaVariantRow);
    for (const auto& variant : image.variants) bytes += variant.key.capacity() + variant.mime_type.capacity();
  }
  return bytes;
}

PostMediaCache& PostMediaCache::Shared() {
  static PostMediaCache cache;
  return cache;
}

}  // namespace lenslet::store

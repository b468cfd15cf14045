#include "store/post_media_cache.hpp"

namespace lenslet::store {

PostMediaCache& PostMediaCache::Shared() {
  static PostMediaCache cache;
  return cache;
}

}  // namespace lenslet::store

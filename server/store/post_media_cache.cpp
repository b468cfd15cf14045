#include "store/post_media_cache.hpp"

#include <utility>

namespace lenslet::store {

PostMediaCache& PostMediaCache::Shared() {
  static PostMediaCache cache;
  return cache;
}

PostMediaCache::PostMediaCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::shared_ptr<const PostMediaCache::Media> PostMediaCache::Find(std::uint64_t database, core::PostId post,
                                                                   std::optional<core::Millis> edited_at) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(Key{database, post.value});
  if (it == entries_.end() || it->second.edited_at != edited_at) {
    ++misses_;
    return nullptr;
  }
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  ++hits_;
  return it->second.media;
}

void PostMediaCache::Put(std::uint64_t database, core::PostId post, std::optional<core::Millis> edited_at,
                         Media media) {
  auto shared = std::make_shared<const Media>(std::move(media));
  const Key key{database, post.value};
  std::lock_guard lock(mutex_);
  if (const auto it = entries_.find(key); it != entries_.end()) {
    // A reader of an older snapshot may put an older edit back: the next
    // reader sees the newer edited_at, misses, and reads it again.
    it->second.edited_at = edited_at;
    it->second.media = std::move(shared);
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return;
  }
  while (entries_.size() >= capacity_) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(key);
  entries_.emplace(key, Entry{edited_at, std::move(shared), recency_.begin()});
}

std::size_t PostMediaCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::uint64_t PostMediaCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t PostMediaCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace lenslet::store

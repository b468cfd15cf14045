#pragma once
// A bounded, thread-safe memory of something derived from one post that only
// an edit of the post changes: its images (PostMediaCache), its rendered JSON
// (api/views/rendered_posts.hpp).
//
// Why it stays exact, across instances too: an entry is kept with the post's
// `edited_at` as read together with what it was derived from, and a reader
// uses it only when the post row it has just read carries the same
// `edited_at`. Every change of what an entry holds is an edit, and an edit
// moves `edited_at` strictly forward (PostStore::Edit), so a changed post
// never matches an old entry, whichever instance changed it. Deleted posts are
// not in a reader's rows, so their entries are never used and age out: an id
// is never given to another post (on SQLite since migration 0022). Which
// posts a viewer may see is decided by the reader's statements, never here.
//
// The least recently used entries go first.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace lenslet::store {

template <typename Value>
class PostKeyedCache {
 public:
  explicit PostKeyedCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  PostKeyedCache(const PostKeyedCache&) = delete;
  PostKeyedCache& operator=(const PostKeyedCache&) = delete;

  // What was kept for `post` of database `database` (db::Connection::database_id)
  // when its edited_at was `edited_at`; null when unknown or stale.
  std::shared_ptr<const Value> Find(std::uint64_t database, core::PostId post,
                                    std::optional<core::Millis> edited_at) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(Key{database, post.value});
    if (it == entries_.end() || it->second.edited_at != edited_at) {
      ++misses_;
      return nullptr;
    }
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    ++hits_;
    return it->second.value;
  }

  void Put(std::uint64_t database, core::PostId post, std::optional<core::Millis> edited_at,
           std::shared_ptr<const Value> value) {
    const Key key{database, post.value};
    std::lock_guard lock(mutex_);
    if (const auto it = entries_.find(key); it != entries_.end()) {
      // A reader of an older snapshot may put an older edit back: the next
      // reader sees the newer edited_at, misses, and reads it again.
      it->second.edited_at = edited_at;
      it->second.value = std::move(value);
      recency_.splice(recency_.begin(), recency_, it->second.recency);
      return;
    }
    while (entries_.size() >= capacity_) {
      entries_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.push_front(key);
    entries_.emplace(key, Entry{edited_at, std::move(value), recency_.begin()});
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  std::uint64_t hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }
  std::uint64_t misses() const {
    std::lock_guard lock(mutex_);
    return misses_;
  }

 private:
  struct Key {
    std::uint64_t database;
    std::int64_t post;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      return std::hash<std::int64_t>{}(k.post) ^ (std::hash<std::uint64_t>{}(k.database) << 1);
    }
  };
  struct Entry {
    std::optional<core::Millis> edited_at;
    std::shared_ptr<const Value> value;
    typename std::list<Key>::iterator recency;  // into recency_
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  std::list<Key> recency_;  // most recently used first
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace lenslet::store

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
// Bounded by bytes, not entries (--post-cache-mb): a post of ten photos
// weighs about ten times one of one photo, and a bound by count either
// wasted memory on small posts or let large ones overrun it. `Weigh(value)`
// estimates what a value holds on the heap; each entry adds kEntryOverhead
// for its key, list node, map node and shared_ptr. The least recently used
// entries go first; a value heavier than the whole budget is not kept.
#include <cassert>
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

// What a cache holds and has done since the process started (the
// lenslet_post_cache_* metrics).
struct PostCacheStats {
  std::size_t entries = 0;
  std::size_t bytes = 0;   // Weigh + kEntryOverhead of every entry
  std::size_t budget = 0;  // what `bytes` may reach
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;     // unknown, evicted or stale
  std::uint64_t evictions = 0;  // entries dropped for room
};

template <typename Value, typename Weigh>
class PostKeyedCache {
 public:
  // The list node, the map node with its cached hash, the shared_ptr's
  // control block and the buckets: ~220 bytes a post.
  static constexpr std::size_t kEntryOverhead = 224;

  explicit PostKeyedCache(std::size_t budget_bytes) : budget_(budget_bytes) {}
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
    assert(value != nullptr);
    const Key key{database, post.value};
    // Weighed outside the lock: it walks the value.
    const std::size_t weight = Weigh{}(*value) + kEntryOverhead;
    std::lock_guard lock(mutex_);
    // A reader of an older snapshot may put an older edit back: the next
    // reader sees the newer edited_at, misses, and reads it again.
    if (const auto it = entries_.find(key); it != entries_.end()) Erase(it);
    if (weight > budget_) return;
    recency_.push_front(key);
    entries_.emplace(key, Entry{edited_at, std::move(value), weight, recency_.begin()});
    bytes_ += weight;
    EvictDownTo(budget_);
  }

  // A new budget (the server's --post-cache-mb), evicting what no longer fits.
  void SetBudget(std::size_t budget_bytes) {
    std::lock_guard lock(mutex_);
    budget_ = budget_bytes;
    EvictDownTo(budget_);
  }

  PostCacheStats stats() const {
    std::lock_guard lock(mutex_);
    return {entries_.size(), bytes_, budget_, hits_, misses_, evictions_};
  }
  std::size_t size() const { return stats().entries; }
  std::uint64_t hits() const { return stats().hits; }
  std::uint64_t misses() const { return stats().misses; }

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
    std::size_t weight;
    typename std::list<Key>::iterator recency;  // into recency_
  };
  using Entries = std::unordered_map<Key, Entry, KeyHash>;

  void Erase(typename Entries::iterator it) {
    bytes_ -= it->second.weight;
    recency_.erase(it->second.recency);
    entries_.erase(it);
  }

  void EvictDownTo(std::size_t budget) {
    while (bytes_ > budget && !recency_.empty()) {
      Erase(entries_.find(recency_.back()));
      ++evictions_;
    }
  }

  mutable std::mutex mutex_;
  std::size_t budget_;
  std::size_t bytes_ = 0;
  Entries entries_;
  std::list<Key> recency_;  // most recently used first
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t evictions_ = 0;
};

}  // namespace lenslet::store

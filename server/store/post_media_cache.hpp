#pragma once
// A process-wide memory of posts' images and renditions, so that a page of
// posts does not read them again every time (issue 16).
//
// Why: a feed page's images are its heaviest statement by far — 21 posts
// have ~180 rendition rows of 11 columns each (the placeholder repeated per
// rendition), 5-6 times the cost of the posts' own rows — and they almost
// never change: written once with the post, then only an alt-text edit.
//
// Why it stays exact, across instances too: an entry is the images as read
// together with the post's `edited_at`, and a reader uses it only when the
// post row it has just read (in its own unit, as before) carries the same
// `edited_at`. Every change of a post's images is an edit, and an edit moves
// `edited_at` strictly forward (PostStore::Edit), so a changed post never
// matches an old entry, whichever instance changed it. Deleted posts are not
// in the page's rows, so their entries are never used and age out. Which
// posts a viewer may see is still decided by the page's statements; this
// only spares re-reading rows that cannot have changed.
//
// Bounded: the least recently used entries go first. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {

class PostMediaCache {
 public:
  using Media = std::vector<PostMediaRow>;

  // Sized for the posts a busy instance shows within minutes: ~1.5 kB each.
  static constexpr std::size_t kDefaultCapacity = 16'384;

  // The one every store call shares.
  static PostMediaCache& Shared();

  explicit PostMediaCache(std::size_t capacity = kDefaultCapacity);

  // The images of `post` in database `database` (db::Connection::database_id)
  // as read when its edited_at was `edited_at`; null when unknown or stale.
  std::shared_ptr<const Media> Find(std::uint64_t database, core::PostId post,
                                    std::optional<core::Millis> edited_at);
  void Put(std::uint64_t database, core::PostId post, std::optional<core::Millis> edited_at, Media media);

  std::size_t size() const;
  std::uint64_t hits() const;
  std::uint64_t misses() const;

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
    std::shared_ptr<const Media> media;
    std::list<Key>::iterator recency;  // into recency_
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  std::list<Key> recency_;  // most recently used first
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace lenslet::store

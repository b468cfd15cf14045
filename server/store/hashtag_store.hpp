#pragma once
// Hashtags of posts: `hashtags` (name → post_count) and `post_hashtags`. Names
// arrive normalised (lowercased, without '#', deduplicated: see
// api/posts/post_rules.hpp); the counts change in the caller's unit.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

using HashtagId = core::Id<struct HashtagTag>;

struct HashtagRow {
  HashtagId id;
  std::string name;
  std::int64_t post_count = 0;
};

class HashtagStore {
 public:
  // Links the post to each tag (created on first use) and counts it. Tags are
  // taken in sorted order so concurrent posts lock them in the same order.
  void Link(db::Connection& c, core::PostId post, std::vector<std::string> names, core::Millis now) const;
  // Uncounts every tag of the post and removes the links. Tags left at 0 stay
  // (their id is stable); lists of tags should skip post_count = 0.
  void Unlink(db::Connection& c, core::PostId post) const;
  // Makes the post's tags exactly `names` (an edited caption): tags it loses
  // are uncounted, new ones linked and counted at the post's own time, so the
  // post takes its chronological place on their pages; tags it keeps are not
  // touched. Every tag is taken in name order, as Link and Unlink do.
  void Replace(db::Connection& c, core::PostId post, std::vector<std::string> names) const;
  // The post's tag names, sorted.
  std::vector<std::string> NamesOf(db::Connection& c, core::PostId post) const;
  std::optional<HashtagRow> Find(db::Connection& c, std::string_view name) const;
};

}  // namespace lenslet::store

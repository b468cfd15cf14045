#pragma once
// Keeping the materialised home feeds (home_feed_store.hpp) bounded. Posts
// fan out to every follower and nothing else takes rows away, so without a
// trim the table grows with posts × followers for ever, mostly with rows no
// page reads again (people rarely scroll twenty pages down). A trim keeps an
// owner's newest `keep` rows of the window and raises users.feed_since above
// the rest, which it deletes: below the window the page reads by fan-out on
// read, as it does below a follow's bounded copy, so the feed shows exactly
// what it showed before, only its deep pages cost more.
//
// Safe beside every writer of the feed: the window only rises (CASE, never a
// lower value than a concurrent follow's), and only rows below it go. On
// PostgreSQL the raise takes the owner's users row, as a follow's copy and
// window close do before they write, so the two run one after the other.
#include <cstdint>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class HomeFeedTrim {
 public:
  // The owners among ids first..last whose window holds more than `keep`
  // rows, ascending. One statement; reads at most keep + 1 index entries per
  // owner.
  std::vector<core::UserId> Overfull(db::Connection& c, core::UserId first, core::UserId last,
                                     std::int64_t keep) const;

  // The owner's window down to its newest `keep` rows (more when rows share
  // the created_at at the cut: the window starts at a time, not a row).
  // Returns the rows deleted. Three statements: run it as one write unit.
  std::int64_t Trim(db::Connection& c, core::UserId owner, std::int64_t keep) const;

  // The highest user id there is (0: none), where a sweep of Overfull ends.
  core::UserId LastUser(db::Connection& c) const;
};

}  // namespace lenslet::store

#pragma once
// Keeping the materialised home feeds (home_feed_store.hpp) bounded. Posts
// fan out to every follower and nothing else takes rows away, so without a
// trim the table grows with posts × followers for ever, mostly with rows no
// page reads again (people rarely scroll twenty pages down). A trim raises
// users.feed_since so that the window holds an owner's newest `keep` rows at
// most, then deletes what lies below it: below the window the page reads by
// fan-out on read, as it does below a follow's bounded copy, so the feed
// shows exactly what it showed before, only its deep pages cost more.
//
// Safe beside every writer of the feed: the window only rises (CASE, never a
// lower value than a concurrent follow's), and only rows below it go. On
// PostgreSQL the raise takes the owner's users row, as a follow's copy and
// window close do before they write, so the two run one after the other; the
// deletions take no users row (nothing below the window is ever read, and the
// window never comes down), so a feed of millions of rows goes in many short
// units instead of one that holds the owner's row and overruns its bound.
#include <cstdint>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class HomeFeedTrim {
 public:
  // The owners among ids first..last whose window holds more than `over`
  // rows, ascending. One statement; reads at most over + 1 index entries per
  // owner.
  std::vector<core::UserId> Overfull(db::Connection& c, core::UserId first, core::UserId last,
                                     std::int64_t over) const;

  // Raises the owner's window to just above its newest `keep` rows (fewer
  // when rows share the created_at at the cut: the window starts at a time,
  // not a row). False when it already held no more. Two statements: run it
  // as a write unit of its own.
  bool RaiseWindow(db::Connection& c, core::UserId owner, std::int64_t keep) const;

  // Deletes at most `limit` of the owner's rows below the window; returns how
  // many went (fewer than `limit`: none are left). One statement.
  std::int64_t DropBelowWindow(db::Connection& c, core::UserId owner, std::int64_t limit) const;

  // The highest user id there is (0: none), where a sweep of Overfull ends.
  core::UserId LastUser(db::Connection& c) const;
};

}  // namespace lenslet::store

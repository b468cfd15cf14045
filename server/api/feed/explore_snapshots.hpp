#pragma once
// Explore's ranking, computed once and shared by every viewer (issue 16).
//
// Ranking explore means scoring every public post of the last seven days, so
// its cost grows with the network: at 1,750 people × 3 posts it was 22 ms a
// page on SQLite and the first thing to miss the capacity objective, and it
// is the same list for everyone but each viewer's follows and blocks. So the
// ranking of nobody in particular (public, not suspended, in the window) is
// kept here, to `depth` posts, recomputed by the first page that finds it
// older than `refresh`; each page then takes the viewer's next posts from it,
// checked against the current rows with explore's full rule (privacy, follows,
// blocks, suspension, deletion) a few dozen ids at a time: one short statement
// where the ranking was a scan. Pages past the snapshot's depth, and pages of
// a snapshot this process no longer holds (a cursor from another instance, or
// from before two refreshes), are read by the full query at the cursor's time:
// the same answer, only slower. A snapshot is up to `refresh` old: new posts
// and likes move explore at that pace, never its privacy.
#include <boost/json/object.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/feed_store.hpp"

namespace lenslet::api::feed {

class ExploreSnapshots {
 public:
  // `refresh_ms` 0: every first page ranks anew (explore as of that request).
  explicit ExploreSnapshots(core::Millis refresh_ms, std::size_t depth = 1000);

  // The explore page for `viewer` (nullopt: anonymous): {items, nextCursor},
  // the cursor being {as_of, score, id} as for detail::ExplorePage. Thread-safe.
  boost::json::object Page(db::Connection& c, std::optional<core::UserId> viewer,
                           const api::detail::PageRequest& page, core::Millis now);

 private:
  struct Snapshot {
    core::Millis as_of = 0;
    std::vector<store::RankedPost> ranked;  // score, then id, descending
    bool whole = false;                     // the window held no more than these
  };

  std::shared_ptr<const Snapshot> ForFirstPage(db::Connection& c, core::Millis now);
  std::shared_ptr<const Snapshot> Find(core::Millis as_of);
  std::shared_ptr<const Snapshot> Rank(db::Connection& c, core::Millis now) const;

  const core::Millis refresh_ms_;
  const std::size_t depth_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::shared_ptr<const Snapshot> previous_;  // pages of it still in progress keep their cursors
  bool ranking_ = false;                      // a first page is computing the next one
};

}  // namespace lenslet::api::feed

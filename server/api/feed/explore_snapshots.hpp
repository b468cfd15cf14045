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
//
// The ranking runs once per process at a time, in a unit of its own: a first
// page that finds no usable snapshot while another request ranks waits for
// that ranking's outcome (core/single_flight.hpp), its coroutine suspended,
// holding no database thread or connection; if the ranking fails, every page
// that waited for it gets the same error (a 503 retries in seconds; ranking
// again at once would only double the wait of a database already too slow).
// Before, each concurrent first page of a cold start ranked on its own, inside
// its page's unit: three at once on a cold PostgreSQL each ran out the unit
// timeout. With a snapshot in hand, even a stale one, first pages never wait;
// with `refresh` 0 each first page ranks for itself, as of its request.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "api/detail/pagination.hpp"
#include "core/ids.hpp"
#include "core/single_flight.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "http/response.hpp"
#include "store/feed_store.hpp"

namespace lenslet::api::feed {

class ExploreSnapshots {
 public:
  // A ranking of the public window at `as_of`; opaque to callers.
  struct Snapshot {
    core::Millis as_of = 0;
    std::vector<store::RankedPost> ranked;  // score, then id, descending
    bool whole = false;                     // the window held no more than these
  };

  // `refresh_ms` 0: every first page ranks anew (explore as of that request).
  explicit ExploreSnapshots(core::Millis refresh_ms, std::size_t depth = 1000);

  // GET /explore's page for `viewer` (nullopt: anonymous): {items,
  // nextCursor}, the cursor being {as_of, score, id} as for
  // detail::ExplorePage. A first page's ranking is awaited first, then the
  // page is read on the database pool (PageNow).
  boost::asio::awaitable<http::JsonText> Serve(db::Database& db, std::optional<core::UserId> viewer,
                                               api::detail::PageRequest page, core::Millis now);

  // The ranking a first page at `now` is read from: the one held while it is
  // younger than `refresh`, or while another request ranks the next; else
  // the outcome of the ranking in progress, or of a new one. Ranks in a read
  // unit of its own: await it before, never inside, the page's unit.
  boost::asio::awaitable<std::shared_ptr<const Snapshot>> FirstPageSnapshot(db::Database& db,
                                                                            core::Millis now);

  // Serve's page, inside the caller's unit: a first page is read from
  // `first` (FirstPageSnapshot's), a next page from the ranking its cursor
  // names. Thread-safe.
  http::JsonText Page(db::Connection& c, std::optional<core::UserId> viewer,
                      const api::detail::PageRequest& page, core::Millis now,
                      const std::shared_ptr<const Snapshot>& first);
  // The same page as Serve reads it, blocking (call it on the database
  // pool): when the viewer's next posts are within one chunk of the ranking
  // (the usual case), ONE statement — the chunk's posts explore may show
  // them, loaded with their authors and the viewer's flags
  // (store::FeedStore::ExploreAmongPosts), outside any transaction on
  // PostgreSQL — and one more for images the caches lack; else Page's unit.
  http::JsonText PageNow(db::Database& db, std::optional<core::UserId> viewer,
                         const api::detail::PageRequest& page, core::Millis now,
                         const std::shared_ptr<const Snapshot>& first);

 private:
  bool IsFresh(const Snapshot& snapshot, core::Millis now) const {
    return now >= snapshot.as_of && now - snapshot.as_of < refresh_ms_;
  }
  std::shared_ptr<const Snapshot> Fresh(core::Millis now);
  std::shared_ptr<const Snapshot> Publish(std::shared_ptr<const Snapshot> ranked);
  std::shared_ptr<const Snapshot> Find(core::Millis as_of);
  std::shared_ptr<const Snapshot> Rank(db::Connection& c, core::Millis now) const;
  // Where a page starts: its ranking and the index of its first candidate;
  // no snapshot when the cursor's ranking is not held here.
  struct Start {
    std::shared_ptr<const Snapshot> snapshot;
    std::size_t next = 0;
  };
  Start StartOf(const api::detail::PageRequest& page, const std::shared_ptr<const Snapshot>& first);
  // Ids checked per statement.
  static std::size_t ChunkFor(const api::detail::PageRequest& page);

  const core::Millis refresh_ms_;
  const std::size_t depth_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::shared_ptr<const Snapshot> previous_;  // pages of it still in progress keep their cursors
  core::SingleFlight<std::shared_ptr<const Snapshot>> ranking_;  // the next one, being computed
};

}  // namespace lenslet::api::feed

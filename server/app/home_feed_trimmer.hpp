#pragma once
// The periodic trim of the materialised home feeds (store/home_feed_trim.hpp
// says what a trim keeps). Once per `interval` for the whole installation
// (store/periodic_job_store.hpp: the instance that moves the job's due time
// ahead runs it), a sweep walks the users in ranges of ids, finds the feeds
// whose window holds more than keep + keep/4 rows (the slack spares a feed
// one row over a trim every hour) and trims each down to `keep`: one short
// unit raises its window, then units of at most `drop_batch` rows delete
// below it, with a short pause after each unit so the sweep never holds the
// database from requests.
//
// A sweep records the last range it finished (periodic_jobs.progress) and
// the next one resumes there, so restarts never starve the high ids. A feed
// whose trim fails is logged, counted and skipped; several failures in a
// row (the database is away) end the sweep, to resume at the next interval.
//
// Timer-driven on the control loop's io_context; the statements run on the
// database's worker pool. Metrics: lenslet_home_feed_trim_sweeps_total,
// lenslet_home_feed_trimmed_feeds_total, lenslet_home_feed_trimmed_rows_total,
// lenslet_home_feed_trim_failures_total.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>

#include "app/background_loop.hpp"
#include "db/database.hpp"

namespace lenslet::app {

struct HomeFeedTrimOptions {
  std::chrono::milliseconds interval{60 * 60'000};
  std::int64_t keep = 400;  // rows per feed: 20 pages of 20
  int owners_per_read = 1'000;
  std::int64_t drop_batch = 2'000;     // rows per deleting unit
  std::chrono::milliseconds pause{5};  // after each unit
  int failures_in_a_row = 5;           // then the sweep stops until the next interval
};

class HomeFeedTrimmer {
 public:
  HomeFeedTrimmer(db::Database& db, HomeFeedTrimOptions options);

  // Checks whether the sweep is due (at most once a minute, more often for a
  // shorter interval) once `ready`; returns after loop().Stop(). Spawn it
  // once on the control loop.
  boost::asio::awaitable<void> Run(const std::atomic<bool>& ready);
  // Stop() asks Run to return after the unit in flight; WaitStopped waits for it.
  BackgroundLoop& loop() { return loop_; }

 private:
  boost::asio::awaitable<void> Sweep();
  // Returns the rows deleted.
  boost::asio::awaitable<std::int64_t> TrimFeed(core::UserId owner);

  db::Database& db_;
  HomeFeedTrimOptions options_;
  BackgroundLoop loop_;
};

}  // namespace lenslet::app

#pragma once
// The periodic trim of the materialised home feeds (store/home_feed_trim.hpp
// says what a trim keeps). Once per `interval` for the whole installation
// (store/periodic_job_store.hpp: the instance that moves the job's due time
// ahead runs it), a sweep walks the users in ranges of ids, finds the feeds
// holding more than `keep` rows and trims each in a write unit of its own,
// with a short pause between units so the sweep never holds the database
// from requests. A sweep cut short (SIGTERM, a crash, an error) loses
// nothing: the rows it did not reach wait for the next one.
//
// Timer-driven on the control loop's io_context; the statements run on the
// database's worker pool. Metrics: lenslet_home_feed_trim_sweeps_total,
// lenslet_home_feed_trimmed_feeds_total, lenslet_home_feed_trimmed_rows_total.
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
  std::chrono::milliseconds pause{5};  // between two trims
};

class HomeFeedTrimmer {
 public:
  HomeFeedTrimmer(db::Database& db, HomeFeedTrimOptions options);

  // Checks whether the sweep is due (at most once a minute, more often for a
  // shorter interval) once `ready`; returns after Stop(). Spawn it once on
  // the control loop.
  boost::asio::awaitable<void> Run(const std::atomic<bool>& ready);
  // Stop() asks Run to return after the unit in flight; WaitStopped waits for it.
  BackgroundLoop& loop() { return loop_; }

 private:
  boost::asio::awaitable<void> Sweep();

  db::Database& db_;
  HomeFeedTrimOptions options_;
  BackgroundLoop loop_;
};

}  // namespace lenslet::app

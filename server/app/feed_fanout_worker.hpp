#pragma once
// Delivers the posts queued for fan-out in the background
// (store/feed_fanout_queue.hpp: the posts of accounts with more followers
// than a post's unit writes home feed rows for) into their followers' home
// feeds, one unit per `batch` followers with a short pause after each, so a
// popular account's post is spread over many short units instead of one long
// one that holds the database from requests.
//
// Every instance drains the one queue (a batch skips what another instance
// holds). With the queue empty it looks again every `poll`: one indexed read.
// A batch that fails is logged and counted, and tried again after `poll`.
//
// Timer-driven on the control loop's io_context; the statements run on the
// database's worker pool. Metrics: lenslet_feed_fanout_batches_total,
// lenslet_feed_fanout_rows_total, lenslet_feed_fanout_posts_total,
// lenslet_feed_fanout_failures_total, and the queue's length
// lenslet_feed_fanout_depth (registered by the application).
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "app/background_loop.hpp"
#include "db/database.hpp"

namespace lenslet::app {

struct FeedFanOutOptions {
  std::chrono::milliseconds poll{1'000};
  std::int64_t batch = 250;             // followers per unit: ~5 ms on a quiet PostgreSQL, ~20 under load
  std::chrono::milliseconds pause{10};  // after each unit: requests get the database half the time at least
};

class FeedFanOutWorker {
 public:
  FeedFanOutWorker(db::Database& db, FeedFanOutOptions options);

  // Drains the queue once `ready`; returns after loop().Stop(). Spawn it
  // once on the control loop.
  boost::asio::awaitable<void> Run(const std::atomic<bool>& ready);
  // Stop() asks Run to return after the unit in flight; WaitStopped waits for it.
  BackgroundLoop& loop() { return loop_; }
  // Posts queued, as the last batch (or look at an empty queue) found them,
  // for lenslet_feed_fanout_depth (a queue that only grows is falling
  // behind). The gauge may outlive the worker: it shares the count.
  std::function<double()> PendingGauge() const {
    return [pending = pending_] { return static_cast<double>(pending->load()); };
  }

 private:
  db::Database& db_;
  FeedFanOutOptions options_;
  BackgroundLoop loop_;
  std::shared_ptr<std::atomic<std::int64_t>> pending_ = std::make_shared<std::atomic<std::int64_t>>(0);
};

}  // namespace lenslet::app

#include "app/feed_fanout_worker.hpp"

#include <spdlog/spdlog.h>

#include "core/metrics.hpp"
#include "store/feed_fanout_queue.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;

core::metrics::Counter& Batches() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_feed_fanout_batches_total",
      "Units of a queued post's fan-out into home feeds this instance ran");
  return counter;
}
core::metrics::Counter& Rows() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_feed_fanout_rows_total", "Home feed rows this instance's queued fan-outs wrote");
  return counter;
}
core::metrics::Counter& Posts() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_feed_fanout_posts_total", "Queued posts whose fan-out this instance finished");
  return counter;
}
core::metrics::Counter& Failures() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_feed_fanout_failures_total", "Units of a queued fan-out that failed (logged, tried again)");
  return counter;
}

}  // namespace

FeedFanOutWorker::FeedFanOutWorker(db::Database& db, FeedFanOutOptions options) : db_(db), options_(options) {
  // Every series from the start, not from the first batch.
  Batches();
  Rows();
  Posts();
  Failures();
}

asio::awaitable<void> FeedFanOutWorker::Run(const std::atomic<bool>& ready) {
  co_await loop_.Start();
  const store::FeedFanOutQueue queue;
  while (!loop_.stopping()) {
    if (!ready.load()) {
      co_await loop_.Sleep(options_.poll);
      continue;
    }
    std::chrono::milliseconds next = options_.poll;
    try {
      const auto batch =
          co_await db_.Write([&](db::Connection& c) { return queue.DeliverBatch(c, options_.batch); });
      pending_->store(batch.pending - (batch.done ? 1 : 0));
      if (batch.found) {
        Batches().Inc();
        Rows().Inc(static_cast<std::uint64_t>(batch.rows));
        if (batch.done) Posts().Inc();
        next = options_.pause;  // more may wait: go on after a breath
      }
    } catch (const std::exception& e) {
      Failures().Inc();
      spdlog::warn("feed fan-out: {}", e.what());
    }
    co_await loop_.Sleep(next);
  }
  loop_.Finish();
}

}  // namespace lenslet::app

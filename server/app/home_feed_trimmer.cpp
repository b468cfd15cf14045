#include "app/home_feed_trimmer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>

#include "core/metrics.hpp"
#include "core/time.hpp"
#include "store/home_feed_trim.hpp"
#include "store/periodic_job_store.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kJob = "home_feed_trim";

core::metrics::Counter& Sweeps() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_home_feed_trim_sweeps_total", "Sweeps of the home feeds' trim this instance ran to their end");
  return counter;
}
core::metrics::Counter& TrimmedFeeds() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_home_feed_trimmed_feeds_total", "Home feeds this instance trimmed (rows deleted)");
  return counter;
}
core::metrics::Counter& TrimmedRows() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_home_feed_trimmed_rows_total", "Rows this instance's trims deleted from home_feed");
  return counter;
}
core::metrics::Counter& Failures() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_home_feed_trim_failures_total", "Feeds whose trim failed (logged, retried at the next sweep)");
  return counter;
}

}  // namespace

HomeFeedTrimmer::HomeFeedTrimmer(db::Database& db, HomeFeedTrimOptions options) : db_(db), options_(options) {
  // Every series from the start, not from the first trim.
  Sweeps();
  TrimmedFeeds();
  TrimmedRows();
  Failures();
}

asio::awaitable<void> HomeFeedTrimmer::Run(const std::atomic<bool>& ready) {
  co_await loop_.Start();
  // The due time is the installation's: looking often costs one indexed
  // UPDATE that changes nothing.
  const auto check = std::min<std::chrono::milliseconds>(options_.interval, std::chrono::minutes(1));
  while (!loop_.stopping()) {
    co_await loop_.Sleep(check);
    if (loop_.stopping() || !ready.load()) continue;
    try {
      const auto now = core::NowMillis();
      const bool claimed = co_await db_.Write([&](db::Connection& c) {
        return store::PeriodicJobStore().ClaimDue(c, kJob, now, options_.interval.count());
      });
      if (claimed) co_await Sweep();
    } catch (const std::exception& e) {
      spdlog::warn("home feed trim: {}", e.what());
    }
  }
  loop_.Finish();
}

asio::awaitable<void> HomeFeedTrimmer::Sweep() {
  const store::HomeFeedTrim trims;
  const store::PeriodicJobStore jobs;
  const auto started = core::NowMillis();
  const auto last = co_await db_.Read([&](db::Connection& c) { return trims.LastUser(c); });
  const auto resume = co_await db_.Read([&](db::Connection& c) { return jobs.Progress(c, kJob); });
  // The slack: a feed a few rows over `keep` waits for the next sweep.
  const auto over = options_.keep + std::max<std::int64_t>(1, options_.keep / 4);
  std::int64_t feeds = 0;
  std::int64_t rows = 0;
  int failed_in_a_row = 0;
  for (std::int64_t first = resume + 1; first <= last.value; first += options_.owners_per_read) {
    if (loop_.stopping()) co_return;
    const auto upto = first + options_.owners_per_read - 1;
    const auto owners = co_await db_.Read(
        [&](db::Connection& c) { return trims.Overfull(c, core::UserId(first), core::UserId(upto), over); });
    for (const auto owner : owners) {
      if (loop_.stopping()) co_return;
      try {
        const auto deleted = co_await TrimFeed(owner);
        failed_in_a_row = 0;
        if (deleted == 0) continue;
        ++feeds;
        rows += deleted;
        TrimmedFeeds().Inc();
        TrimmedRows().Inc(static_cast<std::uint64_t>(deleted));
      } catch (const std::exception& e) {
        Failures().Inc();
        spdlog::warn("home feed trim: the feed of user {} failed: {}", owner.value, e.what());
        // The database is away, not this feed: stop here, resume next time.
        if (++failed_in_a_row >= options_.failures_in_a_row) throw;
      }
    }
    co_await db_.Write([&](db::Connection& c) { jobs.SetProgress(c, kJob, upto); });
  }
  co_await db_.Write([&](db::Connection& c) { jobs.SetProgress(c, kJob, 0); });
  Sweeps().Inc();
  if (feeds > 0) {
    spdlog::info("home feed trim: {} feeds down to {} rows each, {} rows deleted, in {} ms", feeds,
                 options_.keep, rows, core::NowMillis() - started);
  }
}

asio::awaitable<std::int64_t> HomeFeedTrimmer::TrimFeed(core::UserId owner) {
  const store::HomeFeedTrim trims;
  const bool raised =
      co_await db_.Write([&](db::Connection& c) { return trims.RaiseWindow(c, owner, options_.keep); });
  if (!raised) co_return 0;
  std::int64_t deleted = 0;
  for (;;) {
    if (options_.pause.count() > 0) co_await loop_.Sleep(options_.pause);
    // Stopping between units leaves rows below the window: never read, and
    // the next trim of this feed takes them.
    if (loop_.stopping()) co_return deleted;
    const auto batch = co_await db_.Write(
        [&](db::Connection& c) { return trims.DropBelowWindow(c, owner, options_.drop_batch); });
    deleted += batch;
    if (batch < options_.drop_batch) co_return deleted;
  }
}

}  // namespace lenslet::app

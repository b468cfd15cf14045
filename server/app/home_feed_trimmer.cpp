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
  static auto& counter = core::metrics::Registry::Global().GetCounter("lenslet_home_feed_trimmed_feeds_total",
                                                                      "Home feeds this instance trimmed");
  return counter;
}
core::metrics::Counter& TrimmedRows() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_home_feed_trimmed_rows_total", "Rows this instance's trims deleted from home_feed");
  return counter;
}

}  // namespace

HomeFeedTrimmer::HomeFeedTrimmer(db::Database& db, HomeFeedTrimOptions options)
    : db_(db), options_(options) {}

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
  const auto started = core::NowMillis();
  const auto last = co_await db_.Read([&](db::Connection& c) { return trims.LastUser(c); });
  std::int64_t feeds = 0;
  std::int64_t rows = 0;
  for (std::int64_t first = 1; first <= last.value && !loop_.stopping(); first += options_.owners_per_read) {
    const auto owners = co_await db_.Read([&](db::Connection& c) {
      return trims.Overfull(c, core::UserId(first), core::UserId(first + options_.owners_per_read - 1),
                            options_.keep);
    });
    for (const auto owner : owners) {
      if (loop_.stopping()) co_return;
      const auto deleted =
          co_await db_.Write([&](db::Connection& c) { return trims.Trim(c, owner, options_.keep); });
      ++feeds;
      rows += deleted;
      TrimmedFeeds().Inc();
      TrimmedRows().Inc(static_cast<std::uint64_t>(deleted));
      if (options_.pause.count() > 0) co_await loop_.Sleep(options_.pause);
    }
  }
  if (loop_.stopping()) co_return;
  Sweeps().Inc();
  if (feeds > 0) {
    spdlog::info("home feed trim: {} feeds down to {} rows each, {} rows deleted, in {} ms", feeds,
                 options_.keep, rows, core::NowMillis() - started);
  }
}

}  // namespace lenslet::app

#include "app/server_sampler.hpp"

#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <system_error>

#include "app/process_metrics.hpp"
#include "core/time.hpp"
#include "store/database_size.hpp"

namespace lenslet::app {
namespace {

namespace asio = boost::asio;
using core::metrics::Registry;

std::string_view LabelOf(const core::metrics::Labels& labels, std::string_view key) {
  for (const auto& [k, v] : labels) {
    if (k == key) return v;
  }
  return {};
}

double Sum(const std::vector<core::metrics::SeriesValue>& series) {
  double total = 0;
  for (const auto& s : series) total += s.value;
  return total;
}

void AddInto(core::metrics::HistogramSnapshot& total, const core::metrics::HistogramSnapshot& more) {
  if (total.cumulative.empty()) {
    total = more;
    return;
  }
  if (total.cumulative.size() != more.cumulative.size()) return;
  for (std::size_t i = 0; i < total.cumulative.size(); ++i) total.cumulative[i] += more.cumulative[i];
  total.count += more.count;
  total.sum += more.sum;
}

// Bytes of the regular files under `dir`; what vanishes meanwhile is skipped.
double FolderBytes(const std::filesystem::path& dir) {
  double total = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += static_cast<double>(size);
    }
  }
  return total;
}

double FileBytes(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : static_cast<double>(size);
}

double FreeBytes(const std::filesystem::path& dir) {
  struct statvfs stats {};
  if (::statvfs(dir.c_str(), &stats) != 0) return 0;
  return static_cast<double>(stats.f_bavail) * static_cast<double>(stats.f_frsize);
}

struct Sizes {
  double database = 0;
  double media = 0;
  double free = 0;
};

}  // namespace

ServerReading ReadServer(const Registry& registry) {
  ServerReading out;
  out.at = std::chrono::steady_clock::now();
  for (const auto& series : registry.Read("lenslet_http_requests_total")) {
    out.requests += series.value;
    const auto status = LabelOf(series.labels, "status");
    if (status.starts_with('5')) out.errors += series.value;
  }
  for (const auto& series : registry.Read("lenslet_http_request_duration_seconds")) {
    // A long-poll waits up to the ping interval by design: not latency.
    if (LabelOf(series.labels, "route") == "/socket.io/") continue;
    AddInto(out.latency, series.histogram);
  }
  out.sockets = Sum(registry.Read("lenslet_socketio_sockets"));
  out.messages = Sum(registry.Read("lenslet_messages_sent_total"));
  if (const auto figures = ReadProcessFigures()) {
    out.cpu_seconds = figures->cpu_seconds;
    out.memory_bytes = figures->resident_bytes;
  }
  return out;
}

api::admin::ServerSample SampleBetween(const ServerReading& before, const ServerReading& after) {
  const double seconds = std::max(1e-3, std::chrono::duration<double>(after.at - before.at).count());
  const auto rate = [&](double a, double b) { return std::max(0.0, b - a) / seconds; };
  api::admin::ServerSample sample;
  sample.at = core::NowMillis();
  sample.requests_per_second = rate(before.requests, after.requests);
  sample.errors_per_second = rate(before.errors, after.errors);
  const auto latency = after.latency.Minus(before.latency);
  sample.p50_ms = latency.Quantile(0.5) * 1000;
  sample.p99_ms = latency.Quantile(0.99) * 1000;
  sample.sockets = after.sockets;
  sample.messages_per_second = rate(before.messages, after.messages);
  sample.cpu_percent = rate(before.cpu_seconds, after.cpu_seconds) * 100;
  sample.memory_bytes = after.memory_bytes;
  return sample;
}

asio::awaitable<void> SampleServer(SamplerOptions options, api::admin::ServerHistory& history,
                                   db::Database& database, core::WorkerPool& files) {
  auto& registry = Registry::Global();
  auto& database_gauge = registry.GetGauge("lenslet_database_size_bytes", "Size of the database, in bytes");
  auto& media_gauge = registry.GetGauge("lenslet_media_size_bytes", "Bytes of the media files in the data folder");
  auto& free_gauge =
      registry.GetGauge("lenslet_data_dir_free_bytes", "Free bytes on the data folder's file system (for this user)");
  // Walking the media folder costs a stat per file: once a minute is plenty.
  constexpr auto kMediaWalkEvery = std::chrono::minutes(1);
  std::optional<std::chrono::steady_clock::time_point> media_walked;
  double media_bytes = 0;
  bool warned = false;

  asio::steady_timer timer(co_await asio::this_coro::executor);
  ServerReading before = ReadServer(registry);
  for (;;) {
    timer.expires_after(options.interval);
    co_await timer.async_wait(asio::use_awaitable);
    const ServerReading after = ReadServer(registry);
    auto sample = SampleBetween(before, after);
    before = after;
    try {
      const bool walk = !media_walked || std::chrono::steady_clock::now() - *media_walked >= kMediaWalkEvery;
      const Sizes sizes = co_await files.Run([&] {
        Sizes out;
        out.free = FreeBytes(options.data_dir);
        if (options.sqlite_file) {
          out.database = FileBytes(*options.sqlite_file) + FileBytes(options.sqlite_file->string() + "-wal");
        }
        out.media = walk ? FolderBytes(options.media_dir) : -1;
        return out;
      });
      if (walk) {
        media_walked = std::chrono::steady_clock::now();
        media_bytes = sizes.media;
      }
      double database_bytes = sizes.database;
      if (!options.sqlite_file) {
        database_bytes = static_cast<double>(co_await database.Read(store::PostgresDatabaseBytes));
      }
      sample.database_bytes = database_bytes;
      sample.media_bytes = media_bytes;
      sample.disk_free_bytes = sizes.free;
      database_gauge.Set(database_bytes);
      media_gauge.Set(media_bytes);
      free_gauge.Set(sizes.free);
      warned = false;
    } catch (const std::exception& e) {
      // The figures that need the database or the disk are left out of this sample.
      if (!warned) spdlog::warn("server figures: cannot read sizes: {}", e.what());
      warned = true;
    }
    history.Push(sample);
  }
}

}  // namespace lenslet::app

#pragma once
// Every interval, turns the metrics registry and the data folder into one
// api::admin::ServerSample (rates over the interval, quantiles of the
// requests answered in it, sizes and free space) for the Server screen, and
// publishes the sizes as gauges for Prometheus too (lenslet_database_size_bytes,
// lenslet_media_size_bytes, lenslet_data_dir_free_bytes). Runs on the control
// loop; file system walks and the PostgreSQL size query go to worker pools.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "api/admin/server_history.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"

namespace lenslet::app {

// Cumulative figures read at one moment; two of them make a sample.
struct ServerReading {
  std::chrono::steady_clock::time_point at;
  double requests = 0;
  double errors = 0;  // 5xx
  core::metrics::HistogramSnapshot latency;  // every route but the Socket.IO polls
  double sockets = 0;
  double messages = 0;
  double cpu_seconds = 0;
  double memory_bytes = 0;
};

ServerReading ReadServer(const core::metrics::Registry& registry);
// The sample of the interval between two readings (sizes filled in by the caller).
api::admin::ServerSample SampleBetween(const ServerReading& before, const ServerReading& after);

struct SamplerOptions {
  std::chrono::milliseconds interval{10'000};
  std::filesystem::path data_dir;
  std::filesystem::path media_dir;
  std::optional<std::filesystem::path> sqlite_file;  // empty on PostgreSQL
};

// Loops forever (cancel by stopping its io_context).
boost::asio::awaitable<void> SampleServer(SamplerOptions options, api::admin::ServerHistory& history,
                                          db::Database& database, core::WorkerPool& files);

}  // namespace lenslet::app

#include "db/detail/unit_metrics.hpp"

#include "db/database.hpp"

namespace lenslet::db::detail {
namespace {

UnitMetrics Make(std::string_view backend, std::string_view kind) {
  auto& registry = core::metrics::Registry::Global();
  const core::metrics::Labels labels{{"backend", std::string(backend)}, {"kind", std::string(kind)}};
  const auto with_reason = [&](std::string_view reason) {
    auto out = labels;
    out.emplace_back("reason", std::string(reason));
    return out;
  };
  constexpr std::string_view kFailures = "Units of work that failed, by why: unavailable (gave up waiting, 503) or error";
  return UnitMetrics{
      .queue_wait = registry.GetHistogram("lenslet_db_queue_wait_seconds",
                                          "Time a unit of work waited for a database worker thread",
                                          core::metrics::kLatencyBuckets, labels),
      .duration = registry.GetHistogram(
          "lenslet_db_unit_seconds",
          "Time a unit of work took on its thread: admission, a connection, its statements and the commit",
          core::metrics::kLatencyBuckets, labels),
      .unavailable = registry.GetCounter("lenslet_db_unit_failures_total", kFailures, with_reason("unavailable")),
      .failed = registry.GetCounter("lenslet_db_unit_failures_total", kFailures, with_reason("error")),
  };
}

}  // namespace

UnitMetrics& UnitMetricsFor(Dialect dialect, bool write) {
  static UnitMetrics sqlite_read = Make("sqlite", "read");
  static UnitMetrics sqlite_write = Make("sqlite", "write");
  static UnitMetrics postgres_read = Make("postgres", "read");
  static UnitMetrics postgres_write = Make("postgres", "write");
  if (dialect == Dialect::kSqlite) return write ? sqlite_write : sqlite_read;
  return write ? postgres_write : postgres_read;
}

}  // namespace lenslet::db::detail

#pragma once
// What the metrics show of the database, per backend and kind of unit:
// lenslet_db_queue_wait_seconds (handed to the worker pool → a thread takes
// it), lenslet_db_unit_seconds (admission, a connection, the statements and
// the commit) and lenslet_db_unit_failures_total{reason}: "unavailable" (gave
// up waiting: 503) or "error". Looked up once, then plain atomics.
#include "core/metrics.hpp"

namespace lenslet::db {
enum class Dialect;
}  // namespace lenslet::db

namespace lenslet::db::detail {

struct UnitMetrics {
  core::metrics::Histogram& queue_wait;
  core::metrics::Histogram& duration;
  core::metrics::Counter& unavailable;
  core::metrics::Counter& failed;
};

UnitMetrics& UnitMetricsFor(Dialect dialect, bool write);

}  // namespace lenslet::db::detail

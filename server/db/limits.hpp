#pragma once
// How long database work may wait before it gives up (issue 17.2), and the
// SQLite WAL's upkeep (17.6); see detail/unit_guard.hpp for the rules.
#include <chrono>
#include <memory>

#include "db/database.hpp"

namespace lenslet::db {

struct UnitLimits {
  // A unit gives up this long after it was admitted: waiting for a place on
  // the worker pool, a connection, a lock or a statement (--db-timeout-ms).
  // Answered as 503 with Retry-After.
  std::chrono::milliseconds timeout{5000};
  // SQLite: after this long without a write, the WAL file is truncated to
  // zero bytes once no reader still needs it.
  std::chrono::milliseconds wal_idle_truncate{2000};
};

// Open (database.hpp) with these limits; Open(options) uses the defaults.
std::unique_ptr<Database> Open(const DatabaseOptions& options, const UnitLimits& limits);

}  // namespace lenslet::db

#include "db/detail/sqlite_checkpointer.hpp"

#include <spdlog/spdlog.h>

#include "core/error.hpp"
#include "core/metrics.hpp"
#include "db/detail/sqlite_setup.hpp"

namespace lenslet::db::detail {
namespace {

// The PRAGMA rather than sqlite3_wal_checkpoint_v2(): a connection that has
// not read the database yet does not know it is in WAL mode, and the C call
// would do nothing (reporting -1); the statement reads the schema first.
constexpr const char* kCheckpointSql = "PRAGMA main.wal_checkpoint(PASSIVE)";
constexpr const char* kTruncateSql = "PRAGMA main.wal_checkpoint(TRUNCATE)";

// For operators: a writer's own checkpoint is a stall every queued write waits
// out, so how often and how long it happens is what to watch (docs/operations.md).
struct CheckpointMetrics {
  core::metrics::Counter& background;
  core::metrics::Counter& by_writer;
  core::metrics::Counter& truncations;
  core::metrics::Histogram& writer_stall;
};

CheckpointMetrics& Metrics() {
  static CheckpointMetrics metrics = [] {
    auto& registry = core::metrics::Registry::Global();
    constexpr std::string_view kHelp = "SQLite WAL checkpoints completed, by who ran them";
    return CheckpointMetrics{
        .background = registry.GetCounter("lenslet_sqlite_checkpoints_total", kHelp, {{"by", "background"}}),
        .by_writer = registry.GetCounter("lenslet_sqlite_checkpoints_total", kHelp, {{"by", "writer"}}),
        .truncations = registry.GetCounter("lenslet_sqlite_wal_truncations_total",
                                           "Times the idle checkpointer emptied the SQLite WAL file"),
        .writer_stall = registry.GetHistogram(
            "lenslet_sqlite_writer_checkpoint_seconds",
            "Time the writer spent checkpointing after a commit (the WAL reached its limit), holding the write turn",
            core::metrics::kLatencyBuckets),
    };
  }();
  return metrics;
}

}  // namespace

SqliteCheckpointer::SqliteCheckpointer(const std::string& path, int threshold_frames, int max_frames,
                                       std::chrono::milliseconds idle_truncate)
    : threshold_frames_(threshold_frames), max_frames_(max_frames), idle_truncate_(idle_truncate) {
  // Read-write because a checkpoint writes the database file; it never opens
  // a write transaction, so the one-writer rule of SqliteDatabase holds.
  ConfigureSqliteOnce();
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db_, kCheckpointSql, -1, &checkpoint_, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db_, kTruncateSql, -1, &truncate_, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw core::Error(core::ErrorCode::kUnavailable, "The database is unavailable", {},
                      "sqlite: cannot open " + path + " for checkpoints: " + message);
  }
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

SqliteCheckpointer::~SqliteCheckpointer() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  sqlite3_finalize(checkpoint_);
  sqlite3_finalize(truncate_);
  sqlite3_close_v2(db_);
}

int SqliteCheckpointer::Hook(void* checkpointer, sqlite3*, const char*, int wal_frames) {
  auto* self = static_cast<SqliteCheckpointer*>(checkpointer);
  // Only commits that wrote frames call this hook. Idleness is counted here,
  // not per write unit: background jobs (mail, exports, imports, purges) poll
  // with write units that usually change nothing, every few seconds, and a
  // server that only polls must still count as idle and get its WAL emptied.
  self->units_.fetch_add(1, std::memory_order_relaxed);
  self->wal_dirty_.store(true, std::memory_order_relaxed);
  const int last = self->frames_at_last_pass_.load(std::memory_order_relaxed);
  // Smaller than at the last pass: the WAL was rewound, count from its start.
  const int added = wal_frames >= last ? wal_frames - last : wal_frames;
  if (added >= self->threshold_frames_) self->pass_due_.store(true, std::memory_order_relaxed);
  if (wal_frames >= self->max_frames_) self->writer_must_copy_.store(true, std::memory_order_relaxed);
  return SQLITE_OK;
}

void SqliteCheckpointer::AfterCommit(sqlite3* writer) {
  if (!writer_must_copy_.exchange(false, std::memory_order_relaxed)) return;
  // Rare (once per max_frames), so the statement is prepared each time
  // rather than kept on a connection this class does not own.
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(writer, kCheckpointSql, -1, &statement, nullptr) != SQLITE_OK) {
    spdlog::warn("sqlite: checkpoint failed: {}", sqlite3_errmsg(writer));
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  if (Checkpoint(writer, statement)) {
    by_writer_.fetch_add(1);
    Metrics().by_writer.Inc();
  }
  sqlite3_finalize(statement);
  Metrics().writer_stall.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void SqliteCheckpointer::AfterUnit() {
  if (!pass_due_.exchange(false, std::memory_order_relaxed)) return;
  {
    std::lock_guard lock(mutex_);
    wanted_ = true;
  }
  wanted_cv_.notify_one();
}

bool SqliteCheckpointer::Checkpoint(sqlite3* db, sqlite3_stmt* statement) {
  bool ran = false;
  std::lock_guard turn(checkpoint_mutex_);
  int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    // busy: another process's checkpoint is running (ours take turns; PASSIVE
    // does not wait), and the next one catches up.
    const bool busy = sqlite3_column_int(statement, 0) != 0;
    const int wal_frames = sqlite3_column_int(statement, 1);
    ran = !busy && wal_frames >= 0;
    if (ran) frames_at_last_pass_.store(wal_frames, std::memory_order_relaxed);
  } else {
    // Anything else leaves the WAL growing, so say so.
    spdlog::warn("sqlite: checkpoint failed: {} ({})", sqlite3_errmsg(db), rc);
  }
  sqlite3_reset(statement);
  if (ran) completed_.fetch_add(1);
  return ran;
}

bool SqliteCheckpointer::Truncate() {
  bool emptied = false;
  std::lock_guard turn(checkpoint_mutex_);
  int rc = sqlite3_step(truncate_);
  if (rc == SQLITE_ROW) {
    // busy: a reader still needs frames of the WAL (or a writer came in); the
    // next idle interval tries again.
    emptied = sqlite3_column_int(truncate_, 0) == 0;
  } else if ((rc & 0xff) != SQLITE_BUSY) {
    spdlog::warn("sqlite: WAL truncation failed: {} ({})", sqlite3_errmsg(db_), rc);
  }
  sqlite3_reset(truncate_);
  if (emptied) {
    frames_at_last_pass_.store(0, std::memory_order_relaxed);
    truncations_.fetch_add(1);
    Metrics().truncations.Inc();
  }
  return emptied;
}

void SqliteCheckpointer::Run(std::stop_token stop) {
  std::uint64_t units_seen = units_.load(std::memory_order_relaxed);
  for (;;) {
    bool pass = false;
    {
      std::unique_lock lock(mutex_);
      // Wakes for a pass, or after idle_truncate_ to see whether writes stopped.
      wanted_cv_.wait_for(lock, stop, idle_truncate_, [&] { return wanted_; });
      if (stop.stop_requested() && !wanted_) return;
      pass = wanted_;
      wanted_ = false;
    }
    if (pass && Checkpoint(db_, checkpoint_)) Metrics().background.Inc();
    if (stop.stop_requested()) return;
    const std::uint64_t units_now = units_.load(std::memory_order_relaxed);
    const bool idle = units_now == units_seen;
    units_seen = units_now;
    if (!pass && idle && wal_dirty_.load(std::memory_order_relaxed)) {
      // Cleared before the attempt: a write that lands during it sets it again.
      wal_dirty_.store(false, std::memory_order_relaxed);
      if (!Truncate()) wal_dirty_.store(true, std::memory_order_relaxed);
    }
  }
}

}  // namespace lenslet::db::detail

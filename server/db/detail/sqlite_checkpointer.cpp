#include "db/detail/sqlite_checkpointer.hpp"

#include <spdlog/spdlog.h>

#include "core/error.hpp"

namespace lenslet::db::detail {
namespace {

// The PRAGMA rather than sqlite3_wal_checkpoint_v2(): a connection that has
// not read the database yet does not know it is in WAL mode, and the C call
// would do nothing (reporting -1); the statement reads the schema first.
constexpr const char* kCheckpointSql = "PRAGMA main.wal_checkpoint(PASSIVE)";

}  // namespace

SqliteCheckpointer::SqliteCheckpointer(const std::string& path, int threshold_frames, int max_frames)
    : threshold_frames_(threshold_frames), max_frames_(max_frames) {
  // Read-write because a checkpoint writes the database file; it never opens
  // a write transaction, so the one-writer rule of SqliteDatabase holds.
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db_, kCheckpointSql, -1, &checkpoint_, nullptr);
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
  sqlite3_close_v2(db_);
}

int SqliteCheckpointer::Hook(void* checkpointer, sqlite3*, const char*, int wal_frames) {
  auto* self = static_cast<SqliteCheckpointer*>(checkpointer);
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
  if (Checkpoint(writer, statement)) by_writer_.fetch_add(1);
  sqlite3_finalize(statement);
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
  int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    // busy: another checkpoint is running (the writer's and this thread's
    // may meet; PASSIVE does not wait), and the next one catches up.
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

void SqliteCheckpointer::Run(std::stop_token stop) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wanted_cv_.wait(lock, stop, [&] { return wanted_; });
      if (!wanted_) return;  // stopped with nothing asked for
      wanted_ = false;
    }
    Checkpoint(db_, checkpoint_);
    if (stop.stop_requested()) return;
  }
}

}  // namespace lenslet::db::detail

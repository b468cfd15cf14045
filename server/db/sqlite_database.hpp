#pragma once
// SQLite backend: one file in WAL mode, exactly one writer connection (Write
// units are serialised by a mutex and BEGIN IMMEDIATE, so they never meet
// SQLITE_BUSY from each other), a few reader connections that see a
// snapshot each, and a checkpointer thread that copies the WAL back into the
// file outside the write path (detail/sqlite_checkpointer.hpp). ":memory:" uses one connection for everything, because
// separate in-memory connections would each see their own empty database.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/detail/probing.hpp"
#include "db/detail/unit_guard.hpp"
#include "db/limits.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::db {

namespace detail {
class SqliteCheckpointer;
class SqliteConnection;
}

class SqliteDatabase final : public Database, public detail::Probing, public detail::StatementUnits {
 public:
  // `path` is a file path or ":memory:". Throws Error(kUnavailable) when the
  // file cannot be opened. A new file is created 0600 (and so are its -wal
  // and -shm): it holds password hashes and messages.
  SqliteDatabase(const std::string& path, const DatabaseOptions& options, const UnitLimits& limits = {});
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  void Migrate() override;
  bool Ping() override;
  core::WorkerPool& pool() override { return *pool_; }
  // Background WAL checkpoints completed so far (0 for ":memory:").
  std::uint64_t checkpoints_completed() const;

  void ProbeOnce(std::chrono::milliseconds budget) override;
  core::WorkerPool& probe_pool() override { return *probe_pool_; }
  const detail::UnitGuard& guard() const override { return guard_; }

  // A write unit with the one-statement rule: SQLite has no round trips to save.
  void RunStatementUnit(const std::function<void(Connection&)>& body) override;

 protected:
  void RunUnit(bool write, const std::function<void(Connection&)>& body) override;

 private:
  void RunWithin(bool write, detail::Deadline deadline, const std::function<void(Connection&)>& body);
  std::unique_ptr<detail::SqliteConnection> TakeReader(detail::Deadline deadline);
  void ReturnReader(std::unique_ptr<detail::SqliteConnection> reader);

  detail::UnitGuard guard_;
  std::timed_mutex writer_mutex_;
  // Before writer_, so it is destroyed after the connection whose WAL hook
  // points at it. Null for ":memory:" (no WAL).
  std::unique_ptr<detail::SqliteCheckpointer> checkpointer_;
  std::unique_ptr<detail::SqliteConnection> writer_;

  std::mutex readers_mutex_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<detail::SqliteConnection>> readers_;  // idle ones; empty for :memory:
  bool single_connection_ = false;
  std::unique_ptr<detail::SqliteConnection> prober_;  // /health's own; null for :memory:

  // Declared last so they are destroyed (joined) first, while connections still exist.
  std::unique_ptr<core::WorkerPool> pool_;
  std::unique_ptr<core::WorkerPool> probe_pool_;
};

}  // namespace lenslet::db

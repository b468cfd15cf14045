#pragma once
// SQLite backend: one file in WAL mode, exactly one writer connection (Write
// units are serialised by a mutex and BEGIN IMMEDIATE, so they never meet
// SQLITE_BUSY from each other), a few reader connections that see a
// snapshot each, and a checkpointer thread that copies the WAL back into the
// file outside the write path (detail/sqlite_checkpointer.hpp). ":memory:" uses one connection for everything, because
// separate in-memory connections would each see their own empty database.
//
// Reads prefer a warm connection. A connection that begins a read after
// another connection committed drops its whole page cache and unmaps the
// file (SQLite's pager cannot tell which pages changed), so on a server that
// writes every few milliseconds every read on a reader starts cold: one page
// fault or pread() per page it touches (17 % of the server's CPU under the
// capacity mix, bench/README.md). The connection that made the last commit
// is the one whose cache and map are still valid. So there are two
// read-write connections taking turns as the writer: a Write unit takes the
// one that committed last unless a Read unit borrowed it, then the other; a
// Read unit borrows the warm one while both are free, a reader otherwise. A
// write never waits for a read, and a read never waits for a connection.
// Statements that write are refused in a Read unit on a read-write
// connection, as a read-only reader connection refuses them.
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
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
  // Read units that ran on a warm read-write connection (see above), for tests.
  std::uint64_t warm_reads() const { return warm_reads_.load(); }

  void ProbeOnce(std::chrono::milliseconds budget) override;
  core::WorkerPool& probe_pool() override { return *probe_pool_; }
  const detail::UnitGuard& guard() const override { return guard_; }

  // A unit of its kind with the one-statement rule: SQLite has no round trips to save.
  void RunStatementUnit(bool write, const std::function<void(Connection&)>& body) override;

 protected:
  void RunUnit(bool write, const std::function<void(Connection&)>& body) override;

 private:
  void RunWithin(bool write, detail::Deadline deadline, const std::function<void(Connection&)>& body);
  static void ReadOn(detail::SqliteConnection& connection, detail::Deadline deadline,
                     const std::function<void(Connection&)>& body);
  // The read-write connections' turns (see above).
  std::size_t TakeWriterSlot();  // with writer_mutex_ held
  std::optional<std::size_t> BorrowWarmWriterSlot();
  void ReleaseWriterSlot(std::size_t slot, bool committed);
  std::unique_ptr<detail::SqliteConnection> TakeReader(detail::Deadline deadline);
  void ReturnReader(std::unique_ptr<detail::SqliteConnection> reader);

  detail::UnitGuard guard_;
  std::timed_mutex writer_mutex_;
  // Before writers_, so it is destroyed after the connections whose WAL hooks
  // point at it. Null for ":memory:" (no WAL).
  std::unique_ptr<detail::SqliteCheckpointer> checkpointer_;
  struct WriterSlot {
    std::unique_ptr<detail::SqliteConnection> connection;  // read-write; only [0] for ":memory:"
    bool busy = false;
  };
  std::mutex slots_mutex_;
  std::array<WriterSlot, 2> writers_;
  std::size_t warm_ = 0;  // the slot whose connection committed last
  std::atomic<std::uint64_t> warm_reads_{0};

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

#include "db/sqlite_database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <string>
#include <utility>

#include "db/detail/backend.hpp"
#include "db/detail/sqlite_checkpointer.hpp"
#include "db/detail/sqlite_setup.hpp"
#include "db/migrations.hpp"

namespace lenslet::db {
namespace detail {
namespace {

// For units without a deadline (migrations); the others wait for a lock only
// as long as their deadline allows.
constexpr int kBusyTimeoutMs = 5000;
// The WAL file is cut back to this size whenever it is rewound (4 background
// passes' worth), so one burst or one long reader does not leave a WAL of
// gigabytes on disk until restart; the idle truncation brings it to zero.
constexpr std::int64_t kJournalSizeLimitBytes = 16 * 1024 * 1024;
// A background checkpoint every 1,000 frames (4 MB; SQLite's own
// wal_autocheckpoint default); one by the writer when the WAL reaches 16,384
// frames (64 MB) because sustained writes left no moment to rewind it.
constexpr int kCheckpointFrames = 1000;
constexpr int kMaxWalFrames = 16384;
// Stores pass named constants, so a few hundred at most; more means SQL built
// at run time, which must not grow the cache without bound.
constexpr std::size_t kMaxCachedStatements = 1000;

std::string Excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

[[noreturn]] void ThrowSqlite(sqlite3* db, int rc, const std::string& message, std::string_view sql) {
  std::string detail = "sqlite: " + message + " (" + std::to_string(rc) + ")";
  if (!sql.empty()) detail += " in: " + Excerpt(sql);
  // A full disk can surface as SQLITE_FULL or as an I/O error whose errno
  // says so (a WAL or shared-memory write): either way the write was not
  // kept, and the client is told the server is out of room, not that it broke.
  if ((rc & 0xff) == SQLITE_FULL ||
      ((rc & 0xff) == SQLITE_IOERR && db && sqlite3_system_errno(db) == ENOSPC)) {
    throw core::Error(core::ErrorCode::kInsufficientStorage, "The server is out of storage space", {},
                      detail);
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    // Another process holds the lock past the unit's busy timeout: try again.
    core::Error error(core::ErrorCode::kUnavailable, "The database is busy, try again shortly", {}, detail);
    error.retry_after_seconds = 1;
    throw error;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: {
      auto kind = ConstraintViolation::Kind::kOther;
      switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
          kind = ConstraintViolation::Kind::kUnique;
          break;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          kind = ConstraintViolation::Kind::kForeignKey;
          break;
        case SQLITE_CONSTRAINT_CHECK:
          kind = ConstraintViolation::Kind::kCheck;
          break;
        case SQLITE_CONSTRAINT_NOTNULL:
          kind = ConstraintViolation::Kind::kNotNull;
          break;
        default:
          break;
      }
      throw ConstraintViolation(kind, detail);
    }
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw core::Error(core::ErrorCode::kUnavailable, "The database is unavailable", {}, detail);
    default:
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {}, detail);
  }
}

// Parses "$N" (N >= 1); 0 for any other parameter spelling.
int DollarNumber(const char* name) {
  if (name == nullptr || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n < 1) return 0;
  return n;
}

}  // namespace

class SqliteConnection final : public BackendConnection {
 public:
  SqliteConnection(const std::string& path, bool read_only) {
    ConfigureSqliteOnce();
    int flags =
        SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw core::Error(core::ErrorCode::kUnavailable, "The database is unavailable", {},
                        "sqlite: cannot open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (!read_only) {
      // WAL lets readers work while the writer writes; NORMAL is durable
      // across application crashes and only risks the last commits on power loss.
      ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=" +
                 std::to_string(kJournalSizeLimitBytes) + ";");
    }
    ExecScript("PRAGMA foreign_keys=ON;");
    // Reads through a shared memory map of the file instead of a pread() and a
    // copy into this connection's page cache per page: the kernel's page cache
    // is shared by every connection. Address space only (the file's size, at
    // most 1 GB); the writer still writes with write().
    ExecScript("PRAGMA mmap_size=1073741824;");
  }

  ~SqliteConnection() override {
    for (auto& [sql, statement] : cache_) sqlite3_finalize(statement.stmt);
    sqlite3_close_v2(db_);
  }

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result Execute(std::string_view sql, std::span<const Value> params) override {
    CountStatement();
    CountRoundTrip();
    Statement& st = Prepare(sql);
    if (reading_ && !st.read_only) {
      // What a reader connection (opened read-only) would refuse: a Read unit
      // on a read-write connection must not write either.
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "sqlite: a Read unit tried to write in: " + Excerpt(sql));
    }
    if (params.size() != st.param_index.size()) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "sqlite: statement takes " + std::to_string(st.param_index.size()) +
                            " parameters, got " + std::to_string(params.size()) + " in: " + Excerpt(sql));
    }
    // Leaves the cached statement ready for its next use, whichever way we leave.
    struct ResetOnExit {
      sqlite3_stmt* stmt;
      ~ResetOnExit() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{st.stmt};

    for (std::size_t k = 0; k < params.size(); ++k) {
      int index = st.param_index[k];
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(st.stmt, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(st.stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(st.stmt, index, v);
            } else {
              // SQLITE_STATIC: params outlive the statement's use, which ends in ResetOnExit.
              return sqlite3_bind_text64(st.stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
            }
          },
          params[k]);
      if (rc != SQLITE_OK) ThrowSqlite(db_, rc, sqlite3_errmsg(db_), sql);
    }

    Result result;
    const int columns = sqlite3_column_count(st.stmt);
    for (;;) {
      int rc = sqlite3_step(st.stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) ThrowSqlite(db_, rc, sqlite3_errmsg(db_), sql);
      std::vector<Value> cells;
      cells.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) cells.push_back(Cell(st.stmt, c));
      result.rows.emplace_back(std::move(cells));
    }
    if (!st.read_only) result.affected = sqlite3_changes64(db_);
    return result;
  }

  void ExecScript(std::string_view sql) override {
    if (reading_) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "sqlite: a Read unit ran a script in: " + Excerpt(sql));
    }
    char* error = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      ThrowSqlite(db_, sqlite3_extended_errcode(db_), message, sql);
    }
  }

  // BEGIN / COMMIT: cached like any statement but not counted, so the counter
  // measures only what the unit's body asked for.
  void Control(std::string_view sql) {
    CountRoundTrip();
    Statement& st = Prepare(sql);
    int rc = sqlite3_step(st.stmt);
    std::string message = rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(db_);
    sqlite3_reset(st.stmt);
    if (rc != SQLITE_DONE) ThrowSqlite(db_, rc, message, sql);
  }

  // See SqliteCheckpointer: a WAL hook also turns SQLite's automatic checkpoint off.
  void SetWalHook(int (*hook)(void*, sqlite3*, const char*, int), void* argument) {
    sqlite3_wal_hook(db_, hook, argument);
  }
  sqlite3* handle() { return db_; }

  // How long the next lock wait may take: the unit's time left, so a lock
  // held by another process costs a request its timeout, not the stall.
  void SetBusyTimeout(long long ms) {
    sqlite3_busy_timeout(db_, static_cast<int>(std::min<long long>(ms > 0 ? ms : kBusyTimeoutMs, 1 << 30)));
  }

  // While set, Execute refuses statements that write: this read-write
  // connection serves a Read unit.
  void SetReading(bool reading) { reading_ = reading; }

  void RollbackQuietly() noexcept {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> param_index;  // [k] = SQLite's index of "$k+1"
    bool read_only = false;
  };

  Statement& Prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) {
      // Only SQL built at run time gets here. No statement is mid-step: each
      // Execute finishes (and resets) its statement before returning.
      for (auto& [text, statement] : cache_) sqlite3_finalize(statement.stmt);
      cache_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, &tail);
    if (rc != SQLITE_OK) ThrowSqlite(db_, rc, sqlite3_errmsg(db_), sql);
    Statement st{stmt, {}, sqlite3_stmt_readonly(stmt) != 0};
    auto fail = [&](const std::string& why) {
      sqlite3_finalize(stmt);
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "sqlite: " + why + " in: " + Excerpt(sql));
    };
    if (stmt == nullptr) fail("empty statement");
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
      if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';')
        fail("Execute takes one statement");
    }
    // Bind by name so "$2 ... $1" binds like PostgreSQL does, not by order of appearance.
    const int count = sqlite3_bind_parameter_count(stmt);
    int max_number = 0;
    for (int j = 1; j <= count; ++j) {
      int n = DollarNumber(sqlite3_bind_parameter_name(stmt, j));
      if (n == 0) fail("parameters must be written $1..$n");
      max_number = std::max(max_number, n);
    }
    for (int n = 1; n <= max_number; ++n) {
      std::string name = "$" + std::to_string(n);
      int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0) fail("parameter " + name + " is never used");
      st.param_index.push_back(index);
    }
    return cache_.emplace(std::string(sql), std::move(st)).first->second;
  }

  static Value Cell(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        return blob ? std::string(blob, size) : std::string();
      }
      default:
        return nullptr;
    }
  }

  sqlite3* db_ = nullptr;
  StatementCache<Statement> cache_;
  bool reading_ = false;
};

namespace {

void RunOn(SqliteConnection& c, std::string_view begin, long long busy_timeout_ms,
           const std::function<void(Connection&)>& body) {
  c.ResetStatementCounter();
  c.SetBusyTimeout(busy_timeout_ms);
  c.Control(begin);
  try {
    body(c);
    c.Control("COMMIT");
  } catch (...) {
    c.RollbackQuietly();
    throw;
  }
}

// The database holds password hashes, e-mail addresses and messages: its file
// is created 0600 before SQLite opens it, because SQLite gives the -wal and
// -shm files it creates the mode of the database file. A file left readable
// by an earlier version is tightened the same way.
void MakePrivate(const std::string& path) {
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    const int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (file == path ? O_CREAT : 0);
    const int fd = ::open(file.c_str(), flags, 0600);
    if (fd < 0) continue;  // absent, or not ours: SQLite's own open reports what matters
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) ::fchmod(fd, 0600);
    ::close(fd);
  }
}

}  // namespace
}  // namespace detail

SqliteDatabase::SqliteDatabase(const std::string& path, const DatabaseOptions& options,
                               const UnitLimits& limits)
    : guard_(limits.timeout, std::max<std::size_t>(1, options.worker_threads)) {
  single_connection_ = path == ":memory:";
  if (!single_connection_) detail::MakePrivate(path);
  const std::size_t threads = std::max<std::size_t>(1, options.worker_threads);
  for (auto& slot : writers_) {
    slot.connection = std::make_unique<detail::SqliteConnection>(path, false);
    slot.connection->CountRoundTripsIn(&round_trips, &server_statements);
    if (single_connection_) break;
  }
  if (!single_connection_) {
    checkpointer_ = std::make_unique<detail::SqliteCheckpointer>(
        path, detail::kCheckpointFrames, detail::kMaxWalFrames, limits.wal_idle_truncate);
    for (auto& slot : writers_) slot.connection->SetWalHook(&detail::SqliteCheckpointer::Hook, checkpointer_.get());
    // One per thread at least, so a read never waits for a connection.
    const std::size_t readers = std::max(threads, options.max_connections);
    for (std::size_t i = 0; i < readers; ++i) {
      readers_.push_back(std::make_unique<detail::SqliteConnection>(path, true));
      readers_.back()->CountRoundTripsIn(&round_trips, &server_statements);
    }
    prober_ = std::make_unique<detail::SqliteConnection>(path, true);
  }
  pool_ = std::make_unique<core::WorkerPool>("db", threads, options.max_queued);
  probe_pool_ = std::make_unique<core::WorkerPool>("db-probe", 1, 16);
}

SqliteDatabase::~SqliteDatabase() {
  probe_pool_.reset();
  pool_.reset();
}

void SqliteDatabase::RunUnit(bool write, const std::function<void(Connection&)>& body) {
  if (detail::StatementUnitScope::Active()) {
    RunStatementUnit(write, body);
    return;
  }
  guard_.Run(write, [&](detail::Deadline deadline) { RunWithin(write, deadline, body); });
}

void SqliteDatabase::RunStatementUnit(bool write, const std::function<void(Connection&)>& body) {
  guard_.Run(write, [&](detail::Deadline deadline) {
    RunWithin(write, deadline, [&](Connection& c) {
      static_cast<detail::SqliteConnection&>(c).LimitStatements(1);
      body(c);
      detail::RequireOneStatement(c);
    });
  });
}

void SqliteDatabase::RunWithin(bool write, detail::Deadline deadline,
                               const std::function<void(Connection&)>& body) {
  if (write || single_connection_) {
    // WARNING: the one write turn is the reason Write units never deadlock or
    // see SQLITE_BUSY from each other; never let two units write at once (the
    // checkpointer's connection copies pages and, when idle, takes the write
    // lock for an instant to truncate the WAL, but never writes rows).
    {
      std::unique_lock lock(writer_mutex_, std::defer_lock);
      if (!deadline) {
        lock.lock();
      } else if (!lock.try_lock_until(*deadline)) {
        throw guard_.TimedOut("sqlite: the unit waited its whole timeout for the writer");
      }
      const std::size_t slot = TakeWriterSlot();
      auto& connection = *writers_[slot].connection;
      bool committed = false;
      try {
        if (write) {
          detail::RunOn(connection, "BEGIN IMMEDIATE", detail::UnitGuard::RemainingMs(deadline), body);
          committed = true;
          if (checkpointer_) checkpointer_->AfterCommit(connection.handle());
        } else {
          ReadOn(connection, deadline, body);
        }
      } catch (...) {
        ReleaseWriterSlot(slot, committed);
        throw;
      }
      ReleaseWriterSlot(slot, committed);
    }
    if (checkpointer_) checkpointer_->AfterUnit();
    return;
  }
  if (const auto slot = BorrowWarmWriterSlot()) {
    warm_reads_.fetch_add(1);
    try {
      ReadOn(*writers_[*slot].connection, deadline, body);
    } catch (...) {
      ReleaseWriterSlot(*slot, false);
      throw;
    }
    ReleaseWriterSlot(*slot, false);
    return;
  }
  std::unique_ptr<detail::SqliteConnection> reader = TakeReader(deadline);
  try {
    detail::RunOn(*reader, "BEGIN DEFERRED", detail::UnitGuard::RemainingMs(deadline), body);
  } catch (...) {
    ReturnReader(std::move(reader));
    throw;
  }
  ReturnReader(std::move(reader));
}

void SqliteDatabase::ReadOn(detail::SqliteConnection& connection, detail::Deadline deadline,
                            const std::function<void(Connection&)>& body) {
  connection.SetReading(true);
  try {
    detail::RunOn(connection, "BEGIN DEFERRED", detail::UnitGuard::RemainingMs(deadline), body);
  } catch (...) {
    connection.SetReading(false);
    throw;
  }
  connection.SetReading(false);
}

std::size_t SqliteDatabase::TakeWriterSlot() {
  if (single_connection_) return 0;
  std::lock_guard lock(slots_mutex_);
  // The warm one unless a read holds it; a read borrows one only while the
  // other is free, and no read borrows while a write runs, so one is free.
  const std::size_t slot = writers_[warm_].busy ? 1 - warm_ : warm_;
  writers_[slot].busy = true;
  return slot;
}

std::optional<std::size_t> SqliteDatabase::BorrowWarmWriterSlot() {
  std::lock_guard lock(slots_mutex_);
  if (writers_[0].busy || writers_[1].busy) return std::nullopt;
  writers_[warm_].busy = true;
  return warm_;
}

void SqliteDatabase::ReleaseWriterSlot(std::size_t slot, bool committed) {
  if (single_connection_) return;
  std::lock_guard lock(slots_mutex_);
  writers_[slot].busy = false;
  if (committed) warm_ = slot;
}

void SqliteDatabase::ProbeOnce(std::chrono::milliseconds budget) {
  if (single_connection_) {
    // One connection for everything: the probe must take its turn on it.
    ReadNow([](Connection& c) { c.Exec("SELECT count(*) FROM sqlite_master"); });
    return;
  }
  // Reads the schema through the file: a database that cannot be read (a
  // lock that keeps readers out, an I/O error) fails here, within `budget`.
  detail::RunOn(*prober_, "BEGIN DEFERRED", budget.count(),
                [](Connection& c) { c.Exec("SELECT count(*) FROM sqlite_master"); });
}

std::unique_ptr<detail::SqliteConnection> SqliteDatabase::TakeReader(detail::Deadline deadline) {
  std::unique_lock lock(readers_mutex_);
  const auto free = [&] { return !readers_.empty(); };
  if (!deadline) {
    reader_free_.wait(lock, free);
  } else if (!reader_free_.wait_until(lock, *deadline, free)) {
    throw guard_.TimedOut("sqlite: the unit waited its whole timeout for a reader connection");
  }
  auto reader = std::move(readers_.back());
  readers_.pop_back();
  return reader;
}

void SqliteDatabase::ReturnReader(std::unique_ptr<detail::SqliteConnection> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    readers_.push_back(std::move(reader));
  }
  reader_free_.notify_one();
}

std::uint64_t SqliteDatabase::checkpoints_completed() const {
  return checkpointer_ ? checkpointer_->completed() : 0;
}

void SqliteDatabase::Migrate() { RunMigrations(*this); }

bool SqliteDatabase::Ping() {
  try {
    ReadNow([](Connection& c) { c.Exec("SELECT 1"); });
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace lenslet::db

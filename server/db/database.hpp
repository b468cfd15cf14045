#pragma once
// The thin interface every store talks to, with a SQLite and a PostgreSQL
// backend behind it. SQL is written once with $1..$n parameters; both backends
// accept that text (SQLite binds "$1" by name). Work is synchronous inside a
// `Read`/`Write` unit, which the caller runs on the database worker pool:
//
//   auto user = co_await db.Read([&](db::Connection& c) { return users.Find(c, id); });
//
// so no network thread ever blocks on SQL.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/worker_pool.hpp"

namespace lenslet::db {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a result cell. Booleans are stored as integers 0/1 in
// both dialects so one SQL text serves both.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  bool IsNull(std::size_t i) const;
  std::int64_t Int(std::size_t i) const;  // throws on NULL or non-integer
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  double Real(std::size_t i) const;
  const std::string& Text(std::size_t i) const;  // throws on NULL
  std::optional<std::string> OptText(std::size_t i) const;
  bool Bool(std::size_t i) const { return Int(i) != 0; }
  std::size_t size() const { return cells_.size(); }

 private:
  std::vector<Value> cells_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  const Row& one() const;  // the only row; throws if there is none
  std::optional<Row> first() const { return rows.empty() ? std::nullopt : std::optional<Row>(rows[0]); }
};

// Thrown for constraint violations so stores can turn them into domain errors
// (e.g. a unique index on lower(username) -> ErrorCode::kUsernameTaken).
// WARNING: on PostgreSQL any failed statement aborts the unit's transaction, so
// catch it outside the unit (or use INSERT ... ON CONFLICT), never to carry on
// inside the same unit.
class ConstraintViolation : public std::runtime_error {
 public:
  enum class Kind { kUnique, kForeignKey, kCheck, kNotNull, kOther };
  ConstraintViolation(Kind kind, std::string detail) : std::runtime_error(detail), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One open connection inside a unit of work. Prepared statements are cached per
// connection by SQL text, so passing the same named constant reuses them.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result Execute(std::string_view sql, std::span<const Value> params) = 0;
  virtual Dialect dialect() const = 0;

  template <typename... Args>
  Result Exec(std::string_view sql, Args&&... args) {
    const Value params[] = {Value(nullptr), ToValue(std::forward<Args>(args))...};
    return Execute(sql, std::span<const Value>(params + 1, sizeof...(Args)));
  }

  // Statements executed through this connection since it was handed out; the
  // performance tests use it to prove list endpoints make no N+1 queries.
  std::int64_t statements_executed() const { return statements_executed_; }

  // Which Database handed this connection out, unique in the process: the key
  // of process-wide caches of rows (store/post_media_cache.hpp), so that two
  // databases in one process (the tests) never share an entry.
  std::uint64_t database_id() const { return database_id_; }

 protected:
  std::int64_t statements_executed_ = 0;

 private:
  friend class Database;
  std::uint64_t database_id_ = 0;

  static Value ToValue(std::nullptr_t) { return nullptr; }
  static Value ToValue(bool b) { return std::int64_t{b ? 1 : 0}; }
  template <typename T>
    requires std::is_integral_v<std::remove_cvref_t<T>>
  static Value ToValue(T v) { return static_cast<std::int64_t>(v); }
  static Value ToValue(double v) { return v; }
  static Value ToValue(std::string v) { return v; }
  static Value ToValue(std::string_view v) { return std::string(v); }
  static Value ToValue(const char* v) { return std::string(v); }
  template <typename T>
  static Value ToValue(const std::optional<T>& v) { return v ? ToValue(*v) : Value(nullptr); }
  template <typename Tag>
  static Value ToValue(core::Id<Tag> id) { return id.value; }
  static Value ToValue(Value v) { return v; }
};

// A database: the pool of connections of one backend, and the worker pool that
// runs units of work on them.
class Database {
 public:
  Database();
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;

  // Runs fn inside a read-only unit (a consistent snapshot) on the worker pool.
  // Units never nest: do not start a unit inside another unit's body.
  template <typename F>
  auto Read(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
    const auto queued = std::chrono::steady_clock::now();
    co_return co_await pool().Run([this, queued, fn = std::move(fn)]() mutable {
      ObserveQueueWait(false, queued);
      return RunUnitTyped(false, fn);
    });
  }

  // Runs fn inside a write transaction: committed when fn returns, rolled back
  // when it throws. SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL runs
  // them concurrently.
  template <typename F>
  auto Write(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
    const auto queued = std::chrono::steady_clock::now();
    co_return co_await pool().Run([this, queued, fn = std::move(fn)]() mutable {
      ObserveQueueWait(true, queued);
      return RunUnitTyped(true, fn);
    });
  }

  // Blocking forms for start-up, tools and tests (never on a network thread).
  template <typename F>
  auto ReadNow(F fn) { return RunUnitTyped(false, fn); }
  template <typename F>
  auto WriteNow(F fn) { return RunUnitTyped(true, fn); }

  // Applies pending migrations (see migrations.hpp); idempotent, safe to run
  // from several processes at once.
  virtual void Migrate() = 0;
  // A cheap round trip for /health.
  virtual bool Ping() = 0;

  virtual core::WorkerPool& pool() = 0;

 protected:
  // Implemented by each backend: check a connection out, BEGIN, call body,
  // COMMIT (or ROLLBACK on exception), check it back in. Reconnects a broken
  // connection before use; connection failures surface as Error(kUnavailable).
  virtual void RunUnit(bool write, const std::function<void(Connection&)>& body) = 0;

 private:
  const std::uint64_t id_;  // see Connection::database_id()
  // The metrics of units (db/detail/unit_metrics.hpp).
  void ObserveQueueWait(bool write, std::chrono::steady_clock::time_point queued) const;
  void ObserveUnit(bool write, std::chrono::steady_clock::time_point started, std::exception_ptr failure) const;

  template <typename F>
  auto RunUnitTyped(bool write, F& fn) -> std::invoke_result_t<F&, Connection&> {
    using R = std::invoke_result_t<F&, Connection&>;
    const auto started = std::chrono::steady_clock::now();
    try {
      if constexpr (std::is_void_v<R>) {
        RunUnit(write, [&](Connection& c) {
          c.database_id_ = id_;
          fn(c);
        });
        ObserveUnit(write, started, nullptr);
      } else {
        std::optional<R> out;
        RunUnit(write, [&](Connection& c) {
          c.database_id_ = id_;
          out.emplace(fn(c));
        });
        ObserveUnit(write, started, nullptr);
        return std::move(*out);
      }
    } catch (...) {
      ObserveUnit(write, started, std::current_exception());
      throw;
    }
  }
};

struct DatabaseOptions {
  std::string url;                  // "sqlite:/path/file.db", "sqlite::memory:", "postgres://..."
  std::size_t worker_threads = 4;   // threads running units of work
  std::size_t max_queued = 10'000;  // beyond this, 503 instead of unbounded latency
  std::size_t max_connections = 8;  // PostgreSQL pool size; SQLite readers
};

// Opens the backend named by the URL's scheme. Throws Error(kUnavailable) with a
// clear message for an unreachable server, and std::invalid_argument for a URL
// that names no backend.
std::unique_ptr<Database> Open(const DatabaseOptions& options);

}  // namespace lenslet::db

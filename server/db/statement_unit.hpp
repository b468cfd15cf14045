#pragma once
// Units whose body is ONE statement (issue 16.3): data-modifying CTEs make one
// statement of several writes, and one statement is atomic by itself, so on
// PostgreSQL it needs no BEGIN and COMMIT — one round trip where a write unit
// costs three:
//
//   auto row = db::WriteStatementNow(db, [&](db::Connection& c) { return c.Exec(kSql, ...).first(); });
//
// PostgreSQL runs it in autocommit (its waits bounded by the session's
// statement_timeout and lock_timeout, set to the unit's deadline only when
// they do not fit it); SQLite as a write unit. A body that tries a second statement
// is stopped before it runs, one that ran none fails after it, both with
// Error(kInternal) (on SQLite rolled back; on PostgreSQL the first statement
// already committed, as autocommit means). Blocking, like Database::WriteNow:
// call it on the worker pool.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>

#include "db/database.hpp"

namespace lenslet::db {

namespace detail {

// What each backend gives WriteStatementNow beside the Database interface
// (like detail::Probing for /health).
class StatementUnits {
 public:
  virtual ~StatementUnits() = default;
  // The unit, with the one-statement rule above. Backends call it from
  // RunUnit while a StatementUnitScope lives on the thread.
  virtual void RunStatementUnit(const std::function<void(Connection&)>& body) = 0;

  // See RoundTrips() and ServerStatements(); the backend's connections add to them.
  std::atomic<std::int64_t> round_trips{0};
  std::atomic<std::int64_t> server_statements{0};
};

// While one lives on a thread, a write unit started on that thread is a
// statement unit (as UnboundedScope takes the deadline off): so the unit
// still goes through Database::WriteNow, its metrics and what it tells the
// connection (Connection::database_id).
class StatementUnitScope {
 public:
  StatementUnitScope();
  ~StatementUnitScope();
  StatementUnitScope(const StatementUnitScope&) = delete;
  StatementUnitScope& operator=(const StatementUnitScope&) = delete;
  static bool Active();
};

// Runs body through db.WriteNow as a statement unit; Error(kInternal) for a
// backend without them.
void RunStatementUnit(Database& db, const std::function<void(Connection&)>& body);

// For the backends: throws Error(kInternal) unless the body ran exactly one statement.
void RequireOneStatement(const Connection& c);

}  // namespace detail

template <typename F>
auto WriteStatementNow(Database& db, F fn) -> std::invoke_result_t<F&, Connection&> {
  using R = std::invoke_result_t<F&, Connection&>;
  if constexpr (std::is_void_v<R>) {
    detail::RunStatementUnit(db, [&](Connection& c) { fn(c); });
  } else {
    std::optional<R> out;
    detail::RunStatementUnit(db, [&](Connection& c) { out.emplace(fn(c)); });
    return std::move(*out);
  }
}

// Requests `db` sent to its database since it was opened: on PostgreSQL each
// network round trip (a statement, BEGIN, COMMIT, a PREPARE or its DESCRIBE);
// on SQLite each statement stepped, BEGIN and COMMIT included. What the
// statement-count tests and benchmarks divide by requests.
std::int64_t RoundTrips(const Database& db);

// SQL statements `db` had its database run since it was opened, what
// PostgreSQL's log_statement=all logs and pg_stat_statements counts: the
// units' statements and their BEGIN, SET, COMMIT and ROLLBACK (a PREPARE or
// DESCRIBE is none). On SQLite the same as RoundTrips.
std::int64_t ServerStatements(const Database& db);

}  // namespace lenslet::db

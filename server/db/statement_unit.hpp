#pragma once
// Units whose body is ONE statement (issue 16.3): data-modifying CTEs make one
// statement of several writes, one statement is atomic by itself, and one
// SELECT reads one consistent snapshot, so on PostgreSQL it needs no BEGIN and
// COMMIT — one round trip where a unit costs two or three:
//
//   auto row = db::WriteStatementNow(db, [&](db::Connection& c) { return c.Exec(kSql, ...).first(); });
//   auto found = co_await db::ReadStatement(db, [&](db::Connection& c) { return store.Find(c, id); });
//   auto claimed = co_await db::WriteStatement(db, [&](db::Connection& c) { return store.Claim(c, now); });
//
// PostgreSQL runs it in autocommit (its waits bounded by the session's
// statement_timeout and lock_timeout, set to the unit's deadline only when
// they do not fit it); SQLite as a unit of its kind. A body that tries a
// second statement is stopped before it runs, one that ran none fails after
// it, both with Error(kInternal) (on SQLite rolled back; on PostgreSQL the
// first statement already committed, as autocommit means). A read has no READ
// ONLY transaction to guard it on PostgreSQL: its statement must be a SELECT
// (anything else is refused before it runs). The ...Now forms block, like
// Database::WriteNow: call them on the worker pool.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>

#include "db/database.hpp"

namespace lenslet::db {

namespace detail {

// What each backend gives the one-statement units beside the Database
// interface (like detail::Probing for /health).
class StatementUnits {
 public:
  virtual ~StatementUnits() = default;
  // The unit, with the one-statement rule above. Backends call it from
  // RunUnit while a StatementUnitScope lives on the thread.
  virtual void RunStatementUnit(bool write, const std::function<void(Connection&)>& body) = 0;

  // See RoundTrips() and ServerStatements(); the backend's connections add to them.
  std::atomic<std::int64_t> round_trips{0};
  std::atomic<std::int64_t> server_statements{0};
};

// While one lives on a thread, a unit started on that thread is a statement
// unit (as UnboundedScope takes the deadline off): so the unit still goes
// through Database::WriteNow / ReadNow, its metrics and what it tells the
// connection (Connection::database_id).
class StatementUnitScope {
 public:
  StatementUnitScope();
  ~StatementUnitScope();
  StatementUnitScope(const StatementUnitScope&) = delete;
  StatementUnitScope& operator=(const StatementUnitScope&) = delete;
  static bool Active();
};

// Runs body through db.WriteNow or db.ReadNow as a statement unit;
// Error(kInternal) for a backend without them.
void RunStatementUnit(Database& db, bool write, const std::function<void(Connection&)>& body);

// For the backends: throws Error(kInternal) unless the body ran exactly one statement.
void RequireOneStatement(const Connection& c);

// The metric Database::Read and Write keep of the time a unit waited for a thread.
void ObserveQueueWait(const Database& db, bool write, std::chrono::steady_clock::time_point queued);

template <typename F>
auto RunStatementTyped(Database& db, bool write, F& fn) -> std::invoke_result_t<F&, Connection&> {
  using R = std::invoke_result_t<F&, Connection&>;
  if constexpr (std::is_void_v<R>) {
    RunStatementUnit(db, write, [&](Connection& c) { fn(c); });
  } else {
    std::optional<R> out;
    RunStatementUnit(db, write, [&](Connection& c) { out.emplace(fn(c)); });
    return std::move(*out);
  }
}

}  // namespace detail

// Runs fn() on db's worker pool, where it runs its units in turn (the ...Now
// forms: ReadStatementNow, Database::WriteNow, ...) with no trip through the
// network thread between them; the wait for a thread counts in the metrics as
// a read's or a write's, as Database::Read and Write count theirs.
template <typename F>
auto RunOnPool(Database& db, bool write, F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
  const auto queued = std::chrono::steady_clock::now();
  co_return co_await db.pool().Run([&db, write, queued, fn = std::move(fn)]() mutable {
    detail::ObserveQueueWait(db, write, queued);
    return fn();
  });
}

namespace detail {

template <typename F>
auto RunStatementOnPool(Database& db, bool write, F fn)
    -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
  co_return co_await RunOnPool(db, write, [&db, write, fn = std::move(fn)]() mutable {
    return RunStatementTyped(db, write, fn);
  });
}

}  // namespace detail

template <typename F>
auto WriteStatementNow(Database& db, F fn) -> std::invoke_result_t<F&, Connection&> {
  return detail::RunStatementTyped(db, true, fn);
}

template <typename F>
auto ReadStatementNow(Database& db, F fn) -> std::invoke_result_t<F&, Connection&> {
  return detail::RunStatementTyped(db, false, fn);
}

// A read that is one statement in the common case and a whole unit in a
// rare one (a hidden account, whose viewer's role decides; a list a second
// statement must thin): `statement` runs as ReadStatementNow and returns an
// optional, nullopt when it cannot finish without more statements; `unit`
// then runs from scratch as Database::ReadNow. Blocking, like them.
template <typename S, typename U>
auto ReadStatementOrUnitNow(Database& db, S statement, U unit) -> std::invoke_result_t<U&, Connection&> {
  if (auto done = ReadStatementNow(db, statement)) return std::move(*done);
  return db.ReadNow(unit);
}

// ReadStatementNow and WriteStatementNow on the worker pool, as
// Database::Read and Write run their units.
template <typename F>
auto ReadStatement(Database& db, F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
  co_return co_await detail::RunStatementOnPool(db, false, std::move(fn));
}
template <typename F>
auto WriteStatement(Database& db, F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
  co_return co_await detail::RunStatementOnPool(db, true, std::move(fn));
}

// Requests `db` sent to its database since it was opened: on PostgreSQL each
// network round trip (a statement, a pipeline of BEGIN and a statement,
// COMMIT, a PREPARE or its DESCRIBE); on SQLite each statement stepped, BEGIN
// and COMMIT included. What the statement-count tests and benchmarks divide
// by requests.
std::int64_t RoundTrips(const Database& db);

// SQL statements `db` had its database run since it was opened, what
// PostgreSQL's log_statement=all logs and pg_stat_statements counts: the
// units' statements and their BEGIN, SET, COMMIT and ROLLBACK (a PREPARE or
// DESCRIBE is none). On SQLite the same as RoundTrips.
std::int64_t ServerStatements(const Database& db);

}  // namespace lenslet::db

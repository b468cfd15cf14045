#include "db/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string>
#include <utility>

#include "db/detail/backend.hpp"
#include "db/migrations.hpp"

namespace lenslet::db {
namespace detail {
namespace {

// Type OIDs from pg_type.h (stable since forever; the server headers are not
// part of libpq-dev).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr std::string_view kUnavailable = "The database is unavailable";
// Stores pass named constants, so a few hundred at most; more means SQL built
// at run time, which must not grow the cache without bound.
constexpr std::size_t kMaxCachedStatements = 1000;

std::string Excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

std::string Trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The connection died under a unit. `retryable` when nothing the unit did can
// have taken effect or been observed yet, so running it again is safe.
class ConnectionLost : public core::Error {
 public:
  ConnectionLost(std::string detail, bool retryable)
      : core::Error(core::ErrorCode::kUnavailable, std::string(kUnavailable), {}, std::move(detail)),
        retryable_(retryable) {}
  bool retryable() const { return retryable_; }

 private:
  bool retryable_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

void IgnoreNotice(void*, const char*) {}

std::int64_t ParseInt(const char* text, int length) {
  std::int64_t n = 0;
  std::from_chars(text, text + length, n);
  return n;
}

double ParseReal(const char* text, int length) {
  double d = 0;
  auto [end, ec] = std::from_chars(text, text + length, d);
  if (ec != std::errc()) {
    // "Infinity", "-Infinity", "NaN" as PostgreSQL spells them.
    std::string_view s(text, static_cast<std::size_t>(length));
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  return d;
}

}  // namespace

class PgConnection final : public BackendConnection {
 public:
  PgConnection(const std::string& url, std::uint64_t generation) : generation_(generation) {
    // Defaults first: the URL, expanded after them, overrides any it names.
    // Without a timeout a reconnect to a silent host would hang a worker for minutes.
    const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* const values[] = {"10", "lenslet", url.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      std::string why = conn_ ? Trimmed(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      // No URL in the message: it may carry a password. libpq's own message
      // names the host and port, which is what an operator needs.
      throw core::Error(core::ErrorCode::kUnavailable, "Cannot connect to PostgreSQL: " + why, {},
                        "postgres: cannot connect: " + why);
    }
    Configure();
  }

  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  bool NeedsReset(std::uint64_t current_generation) const {
    return broken_ || generation_ < current_generation || PQstatus(conn_) != CONNECTION_OK;
  }

  // Server-side prepared statements die with the session, so the cache goes too.
  void Reconnect(std::uint64_t generation) {
    cache_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      throw core::Error(core::ErrorCode::kUnavailable, std::string(kUnavailable), {},
                        "postgres: cannot reconnect: " + Trimmed(PQerrorMessage(conn_)));
    }
    broken_ = false;
    generation_ = generation;
    Configure();
  }

  bool broken() const { return broken_; }

  Result Execute(std::string_view sql, std::span<const Value> params) override {
    CountStatement();
    // A lost connection on the unit's first statement is safe to retry: only
    // BEGIN ran before it, and the server rolls that back when the session dies.
    // In autocommit the statement commits by itself, so only its PREPARE is.
    const bool retryable = statements_executed_ == 1;
    const Statement& st = Prepare(sql, retryable);
    if (params.size() != static_cast<std::size_t>(st.param_count)) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "postgres: statement takes " + std::to_string(st.param_count) + " parameters, got " +
                            std::to_string(params.size()) + " in: " + Excerpt(sql));
    }
    // Text format for every parameter: the server casts to the type it
    // inferred at PREPARE, exactly as it would for a literal.
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t k = 0; k < params.size(); ++k) {
      const Value& v = params[k];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        storage[k] = std::to_string(*n);
        values[k] = storage[k].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        std::array<char, 32> buf{};
        auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), *d);
        storage[k].assign(buf.data(), end);
        values[k] = storage[k].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values[k] = s->c_str();
      }
    }
    CountRoundTrip();
    ResultPtr res(PQexecPrepared(conn_, st.name.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0));
    Check(res.get(), sql, retryable && !autocommit_);
    return Convert(res.get());
  }

  void ExecScript(std::string_view sql) override {
    CountRoundTrip();
    ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
    Check(res.get(), sql, false);
  }

  // BEGIN / COMMIT / ROLLBACK: not counted, so the counter measures only the
  // unit's own statements.
  void Control(const char* sql, bool retryable) {
    CountRoundTrip();
    ResultPtr res(PQexec(conn_, sql));
    Check(res.get(), sql, retryable);
  }

  // The BEGIN of a unit: its statements wait at most until `deadline` (SET
  // LOCAL, in BEGIN's round trip, ending with the transaction), or, without
  // one, as long as they take, whatever an autocommit unit left in the session.
  void Begin(bool write, Deadline deadline) {
    std::string begin = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    long long ms = 0;
    if (deadline) {
      ms = UnitGuard::RemainingMs(deadline);
    } else if (session_timeout_ms_ == 0) {
      Control(begin.c_str(), true);
      return;
    }
    const auto bound = std::to_string(ms);
    begin += "; SET LOCAL statement_timeout = " + bound + "; SET LOCAL lock_timeout = " + bound;
    Control(begin.c_str(), true);
  }

  // Enters autocommit for one statement (PostgresDatabase::RunStatementUnit):
  // no BEGIN, so the statement's waits are bounded by the SESSION's
  // statement_timeout and lock_timeout. Setting them costs a round trip, so
  // they are set only when what the session holds is not within a twentieth
  // below what the unit has left (the first unit on a connection, one that
  // queued long, one without a deadline after one with).
  void BeginAutocommit(Deadline deadline) {
    const long long left = UnitGuard::RemainingMs(deadline);  // 0: none
    const bool fits = deadline ? session_timeout_ms_ > 0 && session_timeout_ms_ <= left &&
                                     session_timeout_ms_ >= left - left / 20
                               : session_timeout_ms_ == 0;
    if (!fits) {
      const auto bound = std::to_string(left);
      const std::string set = "SET statement_timeout = " + bound + "; SET lock_timeout = " + bound;
      session_timeout_ms_ = -1;  // unknown until it succeeded
      Control(set.c_str(), true);
      session_timeout_ms_ = left;
    }
    LimitStatements(1);
    autocommit_ = true;
  }
  void EndAutocommit() { autocommit_ = false; }

  // Leaves the session outside any transaction, or marks it for a reset.
  void EnsureIdle() noexcept {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      return;
    }
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) broken_ = true;
  }

  // For /health: one round trip outside any unit.
  bool Ping() noexcept {
    CountRoundTrip();
    ResultPtr res(PQexec(conn_, "SELECT 1"));
    bool ok = res && PQresultStatus(res.get()) == PGRES_TUPLES_OK;
    if (!ok && PQstatus(conn_) != CONNECTION_OK) broken_ = true;
    return ok;
  }

  // The same round trip, bounded by the server's statement_timeout and
  // reported as an Error (for the health probe's reason).
  void Probe(std::chrono::milliseconds budget) {
    const std::string sql =
        "SET statement_timeout = " + std::to_string(std::max<long long>(1, budget.count())) + "; SELECT 1";
    ResultPtr res(PQexec(conn_, sql.c_str()));
    Check(res.get(), sql, false);
  }

 private:
  struct Statement {
    std::string name;
    int param_count = 0;
  };

  void Configure() {
    session_timeout_ms_ = 0;
    autocommit_ = false;
    // CREATE TABLE IF NOT EXISTS and friends would print NOTICEs on stderr.
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    PQsetClientEncoding(conn_, "UTF8");
  }

  const Statement& Prepare(std::string_view sql, bool retryable) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) {
      // Only SQL built at run time gets here; bound the server's memory too.
      CountRoundTrip();
      ResultPtr res(PQexec(conn_, "DEALLOCATE ALL"));
      Check(res.get(), "DEALLOCATE ALL", retryable);
      cache_.clear();
    }
    std::string name = "lenslet_" + std::to_string(next_statement_++);
    std::string text(sql);
    CountRoundTrip();
    ResultPtr res(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    Check(res.get(), sql, retryable);
    // One extra round trip per statement and connection, so a wrong number of
    // parameters is reported like SQLite reports it instead of as a protocol error.
    CountRoundTrip();
    ResultPtr desc(PQdescribePrepared(conn_, name.c_str()));
    Check(desc.get(), sql, retryable);
    Statement st{std::move(name), PQnparams(desc.get())};
    return cache_.emplace(std::move(text), std::move(st)).first->second;
  }

  void Check(PGresult* res, std::string_view sql, bool retryable) {
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    const char* state_field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string_view state = state_field ? state_field : "";
    std::string message = Trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
    if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
    std::string detail = "postgres: " + message;
    if (!state.empty()) detail += " [" + std::string(state) + "]";
    detail += " in: " + Excerpt(sql);

    // 08P01 is a protocol violation by us on a live connection, not a lost one.
    const bool lost = PQstatus(conn_) != CONNECTION_OK || (state.starts_with("08") && state != "08P01") ||
                      state == "57P01" || state == "57P02" || state == "57P03";
    if (lost) {
      broken_ = true;
      throw ConnectionLost(std::move(detail), retryable);
    }
    if (state.starts_with("23")) {
      auto kind = ConstraintViolation::Kind::kOther;
      if (state == "23505") kind = ConstraintViolation::Kind::kUnique;
      if (state == "23503") kind = ConstraintViolation::Kind::kForeignKey;
      if (state == "23514") kind = ConstraintViolation::Kind::kCheck;
      if (state == "23502") kind = ConstraintViolation::Kind::kNotNull;
      throw ConstraintViolation(kind, detail);
    }
    // A full disk ("could not extend file": disk_full): the statement and its
    // transaction were rolled back, and the client is told why.
    if (state == "53100") {
      throw core::Error(core::ErrorCode::kInsufficientStorage, "The server is out of storage space", {},
                        detail);
    }
    // The unit's statement_timeout (57014) or lock_timeout (55P03) ran out,
    // usually behind a lock held elsewhere: try again shortly.
    if (state == "57014" || state == "55P03") {
      core::Error error(core::ErrorCode::kUnavailable, "The database is busy, try again shortly", {}, detail);
      error.retry_after_seconds = 1;
      throw error;
    }
    // Serialization failures, deadlocks, resource exhaustion: transient, so
    // "try again" is the honest answer.
    if (state.starts_with("40") || state.starts_with("53")) {
      throw core::Error(core::ErrorCode::kUnavailable, std::string(kUnavailable), {}, detail);
    }
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {}, detail);
  }

  static Result Convert(PGresult* res) {
    Result result;
    const int rows = PQntuples(res);
    const int columns = PQnfields(res);
    std::vector<Oid> types(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) types[static_cast<std::size_t>(c)] = PQftype(res, c);
    result.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> cells;
      cells.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res, r, c)) {
          cells.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(res, r, c);
        const int length = PQgetlength(res, r, c);
        switch (types[static_cast<std::size_t>(c)]) {
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
          case kOidOid:
            cells.emplace_back(ParseInt(text, length));
            break;
          case kNumericOid:
            // SUM(bigint) comes back as numeric: keep whole values exact instead of rounding past 2^53.
            if (std::int64_t n = 0; std::from_chars(text, text + length, n).ptr == text + length) {
              cells.emplace_back(n);
            } else {
              cells.emplace_back(ParseReal(text, length));
            }
            break;
          case kFloat4Oid:
          case kFloat8Oid:
            cells.emplace_back(ParseReal(text, length));
            break;
          case kBoolOid:
            cells.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
            break;
          default:
            cells.emplace_back(std::string(text, static_cast<std::size_t>(length)));
        }
      }
      result.rows.emplace_back(std::move(cells));
    }
    // PQcmdTuples also counts SELECTed rows; "affected" means changed, as in SQLite.
    const char* tag = PQcmdStatus(res);
    if (tag && std::strncmp(tag, "SELECT", 6) != 0) {
      const char* tuples = PQcmdTuples(res);
      if (tuples && *tuples) result.affected = ParseInt(tuples, static_cast<int>(std::strlen(tuples)));
    }
    return result;
  }

  PGconn* conn_ = nullptr;
  std::uint64_t generation_;
  bool broken_ = false;
  // The session's statement_timeout and lock_timeout as BeginAutocommit set
  // them: 0 the server's default (none), -1 unknown.
  long long session_timeout_ms_ = 0;
  bool autocommit_ = false;
  std::uint64_t next_statement_ = 1;
  StatementCache<Statement> cache_;
};

}  // namespace detail

PostgresDatabase::PostgresDatabase(std::string url, const DatabaseOptions& options, const UnitLimits& limits)
    : url_(std::move(url)),
      // One connection per worker thread at least: a unit never waits for a
      // connection that another unit, stalled on a lock, holds.
      max_connections_(std::max(options.max_connections, std::max<std::size_t>(1, options.worker_threads))),
      guard_(limits.timeout, std::max<std::size_t>(1, options.worker_threads)) {
  idle_.push_back(std::make_unique<detail::PgConnection>(url_, generation_));
  idle_.back()->CountRoundTripsIn(&round_trips);
  open_ = 1;
  pool_ = std::make_unique<core::WorkerPool>("db", std::max<std::size_t>(1, options.worker_threads),
                                             options.max_queued);
  probe_pool_ = std::make_unique<core::WorkerPool>("db-probe", 1, 16);
}

PostgresDatabase::~PostgresDatabase() {
  probe_pool_.reset();
  pool_.reset();
}

void PostgresDatabase::ProbeOnce(std::chrono::milliseconds budget) {
  // Its own connection, outside the pool, so it never waits for one.
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  if (!prober_) {
    prober_ = std::make_unique<detail::PgConnection>(url_, generation);
  } else if (prober_->NeedsReset(generation) || prober_->broken()) {
    prober_->Reconnect(generation);
  }
  prober_->Probe(budget);
}

std::unique_ptr<detail::PgConnection> PostgresDatabase::Checkout(detail::Deadline deadline) {
  std::unique_lock lock(mutex_);
  const auto available = [&] { return !idle_.empty() || open_ < max_connections_; };
  if (!deadline) {
    connection_free_.wait(lock, available);
  } else if (!connection_free_.wait_until(lock, *deadline, available)) {
    throw guard_.TimedOut("postgres: the unit waited its whole timeout for a connection");
  }
  std::unique_ptr<detail::PgConnection> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++open_;
  }
  const std::uint64_t generation = generation_;
  lock.unlock();

  // Connecting happens outside the lock so one slow server does not stall
  // threads that could use an idle connection.
  try {
    if (!conn) {
      conn = std::make_unique<detail::PgConnection>(url_, generation);
      conn->CountRoundTripsIn(&round_trips);
    } else if (conn->NeedsReset(generation)) {
      conn->Reconnect(generation);
    }
  } catch (const core::Error& e) {
    lock.lock();
    if (conn) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
    lock.unlock();
    connection_free_.notify_one();
    throw core::Error(core::ErrorCode::kUnavailable, std::string(detail::kUnavailable), {}, e.internal());
  }
  return conn;
}

void PostgresDatabase::Checkin(std::unique_ptr<detail::PgConnection> conn) {
  conn->EnsureIdle();
  {
    std::lock_guard lock(mutex_);
    // A dead connection usually means the server restarted or an operator
    // killed sessions: every pooled connection is suspect, reset them lazily.
    if (conn->broken()) ++generation_;
    idle_.push_back(std::move(conn));
  }
  connection_free_.notify_one();
}

void PostgresDatabase::RunUnit(bool write, const std::function<void(Connection&)>& body) {
  if (write && detail::StatementUnitScope::Active()) {
    RunStatementUnit(body);
    return;
  }
  guard_.Run(write, [&](detail::Deadline deadline) { RunWithin(write, false, deadline, body); });
}

void PostgresDatabase::RunStatementUnit(const std::function<void(Connection&)>& body) {
  guard_.Run(true, [&](detail::Deadline deadline) { RunWithin(true, true, deadline, body); });
}

void PostgresDatabase::RunWithin(bool write, bool autocommit, detail::Deadline deadline,
                                 const std::function<void(Connection&)>& body) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<detail::PgConnection> conn = Checkout(deadline);
    try {
      conn->ResetStatementCounter();
      // In the same round trip as BEGIN: no statement of the unit waits for
      // a lock or runs longer than the unit has left.
      if (autocommit) {
        conn->BeginAutocommit(deadline);
      } else {
        conn->Begin(write, deadline);
      }
      try {
        body(*conn);
      } catch (...) {
        conn->EndAutocommit();
        conn->EnsureIdle();
        throw;
      }
      if (autocommit) {
        conn->EndAutocommit();
        detail::RequireOneStatement(*conn);
      } else {
        // A lost COMMIT is never retried: it may have committed.
        conn->Control("COMMIT", false);
      }
      Checkin(std::move(conn));
      return;
    } catch (const detail::ConnectionLost& e) {
      Checkin(std::move(conn));
      if (e.retryable() && attempt == 0) continue;
      throw core::Error(core::ErrorCode::kUnavailable, std::string(detail::kUnavailable), {}, e.internal());
    } catch (...) {
      Checkin(std::move(conn));
      throw;
    }
  }
}

void PostgresDatabase::Migrate() { RunMigrations(*this); }

bool PostgresDatabase::Ping() {
  try {
    const detail::Deadline deadline = detail::Clock::now() + guard_.timeout();
    std::unique_ptr<detail::PgConnection> conn = Checkout(deadline);
    bool ok = conn->Ping();
    const bool lost = conn->broken();
    Checkin(std::move(conn));
    // After a server restart the first pooled connection tried is dead; the
    // next checkout reconnects, and that is the answer /health wants.
    if (!ok && lost) {
      conn = Checkout(deadline);
      ok = conn->Ping();
      Checkin(std::move(conn));
    }
    return ok;
  } catch (...) {
    return false;
  }
}

}  // namespace lenslet::db

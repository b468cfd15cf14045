#include "db/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Whether the session's statement_timeout and lock_timeout (`session_ms`: 0
// none, -1 unknown) bound a unit with `left_ms` left (0: no deadline). Setting
// them costs statements, so they are kept while not above what the unit has
// left nor more than a twentieth below it: they change for the first unit on
// a connection, one that queued long, one without a deadline after one with
// (and the first with one after that).
bool TimeoutsFit(long long session_ms, long long left_ms) {
  if (left_ms == 0) return session_ms == 0;
  return session_ms > 0 && session_ms <= left_ms && session_ms >= left_ms - left_ms / 20;
}

// A one-statement read runs in autocommit, where READ ONLY cannot guard it:
// it may only be a SELECT (a WITH could hide a write).
bool IsSelect(std::string_view sql) {
  constexpr std::string_view kSelect = "select";
  while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.front()))) sql.remove_prefix(1);
  if (sql.size() <= kSelect.size()) return false;
  for (std::size_t i = 0; i < kSelect.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(sql[i])) != kSelect[i]) return false;
  }
  const auto next = static_cast<unsigned char>(sql[kSelect.size()]);
  return !std::isalnum(next) && next != '_';
}

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
    if (select_only_ && !IsSelect(sql)) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "postgres: a one-statement read may only SELECT, not: " + Excerpt(sql));
    }
    // A lost connection on the unit's first statement is safe to retry: only
    // BEGIN ran before it, and the server rolls that back when the session dies.
    // A write in autocommit commits by itself, so only its PREPARE is; a read
    // changed nothing.
    const bool retryable = statements_executed_ == 1;
    const bool ran_retryable = retryable && (!autocommit_ || select_only_);
    std::optional<Opening> opening;
    if (!opened_) {
      opening = Prelude();
      // Parsing a statement new to this connection takes locks on its tables
      // and waits for them: the unit's timeouts must hold before its PREPARE.
      if (opening->statements.empty() || cache_.find(sql) == cache_.end()) {
        OpenAlone(*opening);
        opening.reset();
      }
    }
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
    if (opening) {
      // The unit's first statement: what must precede it goes in its round trip.
      ResultPtr res = ExecAfter(*opening, st, values, sql, ran_retryable);
      return Convert(res.get());
    }
    CountRoundTrip(1);
    ResultPtr res(PQexecPrepared(conn_, st.name.c_str(), static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0));
    Check(res.get(), sql, ran_retryable);
    return Convert(res.get());
  }

  void ExecScript(std::string_view sql) override {
    if (!opened_) OpenAlone(Prelude());
    CountRoundTrip(1);
    ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
    Check(res.get(), sql, false);
  }

  // A unit starts without a word to the server: its BEGIN, and the SET of the
  // session's timeouts when they must change, go with its first statement, so
  // a unit whose body runs none costs nothing (issue 16). Autocommit units
  // (db/statement_unit.hpp) have no BEGIN: one statement, refused a second.
  // Without a deadline a unit's statements run as long as they take.
  void StartUnit(bool write, bool autocommit, Deadline deadline) {
    ResetStatementCounter();
    deadline_ = deadline;
    autocommit_ = autocommit;
    select_only_ = autocommit && !write;
    begin_ = autocommit ? nullptr : write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    opened_ = false;
    began_ = false;
    set_in_unit_ = false;
    if (autocommit) LimitStatements(1);
  }

  // The body returned: COMMIT, if BEGIN was sent (a lost COMMIT is never
  // retried: it may have committed); an autocommit unit must have run its one
  // statement.
  void FinishUnit() {
    const bool autocommit = autocommit_;
    EndUnit();
    if (autocommit) {
      RequireOneStatement(*this);
    } else if (began_) {
      Control("COMMIT", 1, false);
    }
  }

  // The body or its COMMIT threw: rolls back. WARNING: a ROLLBACK undoes the
  // SETs made in its transaction (and a failed statement the SETs sent with
  // it in autocommit), so a unit that set the session's timeouts leaves them
  // unknown; the next unit sets them again.
  void AbandonUnit() noexcept {
    EndUnit();
    if (set_in_unit_) session_timeout_ms_ = -1;
    EnsureIdle();
  }

  // COMMIT / ROLLBACK and the like, outside Execute: not in the unit's count
  // of statements, so that measures only what the unit's body asked for.
  void Control(const char* sql, std::int64_t statements, bool retryable) {
    CountRoundTrip(statements);
    ResultPtr res(PQexec(conn_, sql));
    Check(res.get(), sql, retryable);
  }

  // Leaves the session outside any transaction, or marks it for a reset.
  void EnsureIdle() noexcept {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      return;
    }
    // A pipeline left half read (ExecAfter marks that broken) cannot take a ROLLBACK.
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
      broken_ = true;
      return;
    }
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    CountRoundTrip(1);
    PQclear(PQexec(conn_, "ROLLBACK"));
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) broken_ = true;
  }

  // For /health: one round trip outside any unit.
  bool Ping() noexcept {
    CountRoundTrip(1);
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

  // What a unit's first round trip carries before its first statement.
  struct Opening {
    std::vector<std::string> statements;  // its BEGIN, then the SETs
    bool begins = false;
    std::optional<long long> timeout_ms;  // what the SETs set, if any
  };

  Opening Prelude() const {
    Opening out;
    if (begin_ != nullptr) {
      out.statements.emplace_back(begin_);
      out.begins = true;
    }
    // Plain SET, not SET LOCAL: it outlives the unit, so the next units send
    // nothing while it still fits their time left.
    const long long left = UnitGuard::RemainingMs(deadline_);  // 0: no deadline
    if (!TimeoutsFit(session_timeout_ms_, left)) {
      // A fortieth below: the next units, whose first statement comes a few
      // milliseconds later in their time, still fit it.
      const auto bound = std::to_string(left - left / 40);
      out.statements.push_back("SET statement_timeout = " + bound);
      out.statements.push_back("SET lock_timeout = " + bound);
      out.timeout_ms = left - left / 40;
    }
    return out;
  }

  // Before the opening goes out, and once it has gone through.
  void Sending(const Opening& opening) {
    opened_ = true;
    began_ = opening.begins;
    if (opening.timeout_ms) {
      session_timeout_ms_ = -1;  // unknown until the SETs succeeded
      set_in_unit_ = true;
    }
  }
  void Opened(const Opening& opening) {
    if (opening.timeout_ms) session_timeout_ms_ = *opening.timeout_ms;
  }

  // The opening in a round trip of its own (before a PREPARE, or a script):
  // nothing of the unit ran yet, so a lost connection is safe to retry.
  void OpenAlone(const Opening& opening) {
    Sending(opening);
    if (opening.statements.empty()) return;
    std::string script;
    for (const auto& statement : opening.statements) script += statement + ";";
    Control(script.c_str(), static_cast<std::int64_t>(opening.statements.size()), true);
    Opened(opening);
  }

  // The opening and the unit's first statement in ONE round trip: libpq's
  // pipeline mode sends each as its own message (the extended protocol, so
  // each is one statement) and one Sync after them. Returns the statement's
  // result; the first error among them is reported (Check) as if alone.
  // A transaction's snapshot is taken by its first statement, not by BEGIN,
  // so a read unit sees what it saw when BEGIN had a round trip of its own.
  ResultPtr ExecAfter(const Opening& opening, const Statement& st, const std::vector<const char*>& values,
                      std::string_view sql, bool retryable) {
    const std::size_t commands = opening.statements.size() + 1;
    Sending(opening);
    CountRoundTrip(static_cast<std::int64_t>(commands));
    bool sent = PQenterPipelineMode(conn_) == 1;
    for (const auto& statement : opening.statements) {
      sent =
          sent && PQsendQueryParams(conn_, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    }
    sent = sent && PQsendQueryPrepared(conn_, st.name.c_str(), static_cast<int>(values.size()), values.data(),
                                       nullptr, nullptr, 0) == 1;
    sent = sent && PQpipelineSync(conn_) == 1;
    std::vector<ResultPtr> results;
    bool synced = false;
    // Each command's results end with a NULL; the Sync's result ends the
    // round trip. Bounded, so a connection that dies mid-way cannot loop.
    for (std::size_t nulls = 0, reads = 0; sent && nulls < 2 && reads < 4 * commands + 4; ++reads) {
      ResultPtr res(PQgetResult(conn_));
      if (!res) {
        ++nulls;
        if (PQstatus(conn_) != CONNECTION_OK) break;
        continue;
      }
      nulls = 0;
      if (PQresultStatus(res.get()) == PGRES_PIPELINE_SYNC) {
        synced = true;
        break;
      }
      results.push_back(std::move(res));
    }
    // WARNING: a connection still in pipeline mode refuses PQexec; it is reset instead.
    if (!synced || PQexitPipelineMode(conn_) != 1) broken_ = true;
    for (std::size_t k = 0; k < results.size(); ++k) {
      const ExecStatusType status = PQresultStatus(results[k].get());
      // PIPELINE_ABORTED: skipped after an earlier command's error.
      if (Succeeded(status) || status == PGRES_PIPELINE_ABORTED) continue;
      Check(results[k].get(), k < opening.statements.size() ? std::string_view(opening.statements[k]) : sql,
            retryable);
    }
    if (!synced || results.size() != commands || !Succeeded(PQresultStatus(results.back().get()))) {
      Check(nullptr, sql, retryable);  // throws: the connection was lost mid-way
    }
    Opened(opening);
    return std::move(results.back());
  }

  void EndUnit() {
    autocommit_ = false;
    select_only_ = false;
  }

  void Configure() {
    session_timeout_ms_ = 0;
    EndUnit();
    // CREATE TABLE IF NOT EXISTS and friends would print NOTICEs on stderr.
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    PQsetClientEncoding(conn_, "UTF8");
  }

  const Statement& Prepare(std::string_view sql, bool retryable) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) {
      // Only SQL built at run time gets here; bound the server's memory too.
      CountRoundTrip(1);
      ResultPtr res(PQexec(conn_, "DEALLOCATE ALL"));
      Check(res.get(), "DEALLOCATE ALL", retryable);
      cache_.clear();
    }
    std::string name = "lenslet_" + std::to_string(next_statement_++);
    std::string text(sql);
    // A protocol message PostgreSQL logs and counts no statement for.
    CountRoundTrip(0);
    ResultPtr res(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    Check(res.get(), sql, retryable);
    // One extra round trip per statement and connection, so a wrong number of
    // parameters is reported like SQLite reports it instead of as a protocol error.
    CountRoundTrip(0);
    ResultPtr desc(PQdescribePrepared(conn_, name.c_str()));
    Check(desc.get(), sql, retryable);
    Statement st{std::move(name), PQnparams(desc.get())};
    return cache_.emplace(std::move(text), std::move(st)).first->second;
  }

  static bool Succeeded(ExecStatusType status) {
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
  }

  void Check(PGresult* res, std::string_view sql, bool retryable) {
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (Succeeded(status)) return;
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
  // The session's statement_timeout and lock_timeout as this connection set
  // them: 0 the server's default (none), -1 unknown.
  long long session_timeout_ms_ = 0;
  // The unit running (StartUnit): its deadline, its BEGIN until sent, whether
  // its first round trip went out and whether that set the timeouts.
  Deadline deadline_;
  const char* begin_ = nullptr;
  bool opened_ = false;
  bool began_ = false;
  bool set_in_unit_ = false;
  bool autocommit_ = false;
  bool select_only_ = false;
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
  idle_.back()->CountRoundTripsIn(&round_trips, &server_statements);
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
      conn->CountRoundTripsIn(&round_trips, &server_statements);
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
  if (detail::StatementUnitScope::Active()) {
    RunStatementUnit(write, body);
    return;
  }
  guard_.Run(write, [&](detail::Deadline deadline) { RunWithin(write, false, deadline, body); });
}

void PostgresDatabase::RunStatementUnit(bool write, const std::function<void(Connection&)>& body) {
  guard_.Run(write, [&](detail::Deadline deadline) { RunWithin(write, true, deadline, body); });
}

void PostgresDatabase::RunWithin(bool write, bool autocommit, detail::Deadline deadline,
                                 const std::function<void(Connection&)>& body) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<detail::PgConnection> conn = Checkout(deadline);
    try {
      // Sends nothing yet: BEGIN (and the session's timeouts, when they do
      // not fit this unit's deadline) go with the first statement.
      conn->StartUnit(write, autocommit, deadline);
      try {
        body(*conn);
        conn->FinishUnit();
      } catch (...) {
        conn->AbandonUnit();
        throw;
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

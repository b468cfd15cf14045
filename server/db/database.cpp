#include "db/database.hpp"

#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "db/detail/unit_metrics.hpp"
#include "db/detail/url.hpp"
#include "db/limits.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"

namespace lenslet::db {
namespace {

[[noreturn]] void ThrowCell(std::size_t i, std::string_view what) {
  // A type mismatch is a bug in the store's SQL, not the client's fault: 500.
  throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                    "db::Row column " + std::to_string(i) + ": " + std::string(what));
}

}  // namespace

Database::Database() : id_([] {
        static std::atomic<std::uint64_t> next{1};
        return next.fetch_add(1);
      }()) {}

void Database::ObserveQueueWait(bool write, std::chrono::steady_clock::time_point queued) const {
  detail::UnitMetricsFor(dialect(), write)
      .queue_wait.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - queued).count());
}

void Database::ObserveUnit(bool write, std::chrono::steady_clock::time_point started,
                           std::exception_ptr failure) const {
  auto& metrics = detail::UnitMetricsFor(dialect(), write);
  metrics.duration.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const core::Error& e) {
    // A domain refusal (404, 409 …) rolls back too, but is no failure of the database.
    if (e.code() == core::ErrorCode::kUnavailable) metrics.unavailable.Inc();
    if (e.code() == core::ErrorCode::kInternal || e.code() == core::ErrorCode::kInsufficientStorage) {
      metrics.failed.Inc();
    }
  } catch (const ConstraintViolation&) {
    // Stores turn these into domain errors (username taken).
  } catch (...) {
    metrics.failed.Inc();
  }
}

namespace detail {

ParsedUrl ParseUrl(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with(kSqlite)) {
    std::string_view path = url.substr(kSqlite.size());
    // Accept the sqlite:///abs/path spelling some tools use as well as sqlite:/abs/path.
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) throw std::invalid_argument("database URL has no SQLite path: sqlite:<path>");
    return {Dialect::kSqlite, std::string(path)};
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return {Dialect::kPostgres, std::string(url)};
  }
  // Never echo the URL: it may carry a password.
  throw std::invalid_argument("database URL must start with sqlite:, postgres:// or postgresql://");
}

}  // namespace detail

bool Row::IsNull(std::size_t i) const {
  if (i >= cells_.size()) ThrowCell(i, "out of range");
  return std::holds_alternative<std::nullptr_t>(cells_[i]);
}

std::int64_t Row::Int(std::size_t i) const {
  if (i >= cells_.size()) ThrowCell(i, "out of range");
  const Value& v = cells_[i];
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  // PostgreSQL answers SUM(bigint) and similar aggregates as numeric, which
  // arrives as a double; accept it when it is a whole number so one SQL text
  // serves both dialects.
  if (const auto* d = std::get_if<double>(&v)) {
    constexpr double kTwo63 = 9223372036854775808.0;
    if (std::isfinite(*d) && std::trunc(*d) == *d && *d >= -kTwo63 && *d < kTwo63) {
      return static_cast<std::int64_t>(*d);
    }
    ThrowCell(i, "is a non-integral number");
  }
  ThrowCell(i, std::holds_alternative<std::nullptr_t>(v) ? "is NULL" : "is text, not an integer");
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

double Row::Real(std::size_t i) const {
  if (i >= cells_.size()) ThrowCell(i, "out of range");
  const Value& v = cells_[i];
  if (const auto* d = std::get_if<double>(&v)) return *d;
  // SQLite hands back whole-valued expressions as INTEGER.
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  ThrowCell(i, std::holds_alternative<std::nullptr_t>(v) ? "is NULL" : "is text, not a number");
}

const std::string& Row::Text(std::size_t i) const {
  if (i >= cells_.size()) ThrowCell(i, "out of range");
  if (const auto* s = std::get_if<std::string>(&cells_[i])) return *s;
  ThrowCell(i, IsNull(i) ? "is NULL" : "is a number, not text");
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

const Row& Result::one() const {
  if (rows.empty()) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "db::Result::one() on an empty result");
  }
  return rows.front();
}

std::unique_ptr<Database> Open(const DatabaseOptions& options) { return Open(options, UnitLimits{}); }

std::unique_ptr<Database> Open(const DatabaseOptions& options, const UnitLimits& limits) {
  detail::ParsedUrl parsed = detail::ParseUrl(options.url);
  switch (parsed.dialect) {
    case Dialect::kSqlite:
      return std::make_unique<SqliteDatabase>(parsed.target, options, limits);
    case Dialect::kPostgres:
      return std::make_unique<PostgresDatabase>(parsed.target, options, limits);
  }
  throw std::invalid_argument("unknown database dialect");
}

}  // namespace lenslet::db

#include "db/migrations.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/time.hpp"
#include "db/detail/backend.hpp"
#include "db/detail/embedded_migrations.hpp"
#include "db/detail/unit_guard.hpp"

namespace lenslet::db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
constexpr std::string_view kSelectApplied = "SELECT version FROM schema_migrations ORDER BY version";
constexpr std::string_view kIsApplied = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr std::string_view kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
// Serialises migration runs of one schema across processes; the lock is
// released with the transaction. Keyed by schema so parallel test schemas do
// not wait for each other. 1281519476 is "Lens" in ASCII.
constexpr std::string_view kPgLock = "SELECT pg_advisory_xact_lock(1281519476, hashtext(current_schema()))";

detail::BackendConnection& Backend(Connection& c) { return dynamic_cast<detail::BackendConnection&>(c); }

// Must run first in a Write unit: on SQLite BEGIN IMMEDIATE already holds the
// write lock, on PostgreSQL the advisory lock is taken here.
void LockAndEnsureTable(Connection& c) {
  if (c.dialect() == Dialect::kPostgres) c.Exec(kPgLock);
  Backend(c).ExecScript(kCreateTable);
}

}  // namespace

std::vector<Migration> Migrations(Dialect dialect) {
  std::vector<Migration> out;
  for (const auto& m : detail::EmbeddedMigrations()) {
    if (m.dialect == dialect) out.push_back(Migration{m.version, std::string(m.name), m.sql});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      throw std::logic_error("two migrations share version " + std::to_string(out[i].version) + ": " +
                             out[i - 1].name + " and " + out[i].name);
    }
  }
  return out;
}

void RunMigrations(Database& db) {
  // A schema change may rightly take longer than a request's timeout.
  const detail::UnboundedScope unbounded;
  const std::vector<Migration> migrations = Migrations(db.dialect());
  db.WriteNow([](Connection& c) { LockAndEnsureTable(c); });
  const std::vector<int> applied = AppliedMigrations(db);
  const std::set<int> done(applied.begin(), applied.end());
  for (const Migration& m : migrations) {
    if (done.contains(m.version)) continue;
    db.WriteNow([&](Connection& c) {
      LockAndEnsureTable(c);
      // Another process may have applied it since we looked.
      if (!c.Exec(kIsApplied, m.version).empty()) return;
      try {
        Backend(c).ExecScript(m.sql);
      } catch (const core::Error& e) {
        throw core::Error(
            e.code(), e.message(), {},
            "migration " + std::to_string(m.version) + "_" + m.name + " failed: " + e.internal());
      }
      c.Exec(kRecord, m.version, m.name, core::NowMillis());
    });
  }
}

std::vector<int> AppliedMigrations(Database& db) {
  const detail::UnboundedScope unbounded;
  return db.ReadNow([](Connection& c) {
    std::vector<int> versions;
    for (const Row& row : c.Exec(kSelectApplied).rows) versions.push_back(static_cast<int>(row.Int(0)));
    return versions;
  });
}

}  // namespace lenslet::db

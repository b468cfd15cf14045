#include "db/statement_unit.hpp"

#include <string>

#include "core/error.hpp"
#include "db/detail/unit_metrics.hpp"

namespace lenslet::db {
namespace detail {

namespace {

thread_local int statement_unit_scopes = 0;

}  // namespace

StatementUnitScope::StatementUnitScope() { ++statement_unit_scopes; }
StatementUnitScope::~StatementUnitScope() { --statement_unit_scopes; }
bool StatementUnitScope::Active() { return statement_unit_scopes > 0; }

void RunStatementUnit(Database& db, bool write, const std::function<void(Connection&)>& body) {
  if (dynamic_cast<StatementUnits*>(&db) == nullptr) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "db: this backend runs no statement units");
  }
  const StatementUnitScope scope;
  if (write) {
    db.WriteNow([&](Connection& c) { body(c); });
  } else {
    db.ReadNow([&](Connection& c) { body(c); });
  }
}

void ObserveQueueWait(const Database& db, bool write, std::chrono::steady_clock::time_point queued) {
  UnitMetricsFor(db.dialect(), write)
      .queue_wait.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - queued).count());
}

void RequireOneStatement(const Connection& c) {
  if (c.statements_executed() != 1) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "db: a one-statement unit ran " + std::to_string(c.statements_executed()) + " statements");
  }
}

}  // namespace detail

std::int64_t RoundTrips(const Database& db) {
  const auto* units = dynamic_cast<const detail::StatementUnits*>(&db);
  return units == nullptr ? 0 : units->round_trips.load(std::memory_order_relaxed);
}

std::int64_t ServerStatements(const Database& db) {
  const auto* units = dynamic_cast<const detail::StatementUnits*>(&db);
  return units == nullptr ? 0 : units->server_statements.load(std::memory_order_relaxed);
}

}  // namespace lenslet::db

#include "db/statement_unit.hpp"

#include <chrono>
#include <exception>
#include <string>

#include "core/error.hpp"
#include "db/detail/unit_metrics.hpp"

namespace lenslet::db {
namespace detail {

void RunStatementUnit(Database& db, const std::function<void(Connection&)>& body) {
  auto* units = dynamic_cast<StatementUnits*>(&db);
  if (units == nullptr) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {}, "db: this backend runs no statement units");
  }
  const auto started = std::chrono::steady_clock::now();
  try {
    units->RunStatementUnit(body);
  } catch (...) {
    ObserveUnit(db.dialect(), true, started, std::current_exception());
    throw;
  }
  ObserveUnit(db.dialect(), true, started, nullptr);
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

}  // namespace lenslet::db

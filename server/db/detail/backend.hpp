#pragma once
// What the two backends share beyond the public Connection: running a
// multi-statement script (migrations) and a statement cache keyed by SQL text.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "db/database.hpp"

namespace lenslet::db::detail {

class BackendConnection : public Connection {
 public:
  // Runs SQL that may hold several statements and takes no parameters.
  virtual void ExecScript(std::string_view sql) = 0;

  // At the start of every unit: no statements yet, no limit.
  void ResetStatementCounter() {
    statements_executed_ = 0;
    statement_limit_ = -1;
  }
  // At most `limit` statements until the next reset (db/statement_unit.hpp).
  void LimitStatements(std::int64_t limit) { statement_limit_ = limit; }

  // Where this connection adds its round trips and the statements they carry
  // (db::RoundTrips, db::ServerStatements).
  void CountRoundTripsIn(std::atomic<std::int64_t>* round_trips, std::atomic<std::int64_t>* statements) {
    round_trips_ = round_trips;
    statements_ = statements;
  }

 protected:
  // Each Execute calls this before it runs its statement: counts it, and
  // refuses (Error(kInternal), nothing run) one beyond the limit.
  void CountStatement() {
    if (statement_limit_ >= 0 && statements_executed_ >= statement_limit_) {
      throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                        "db: a unit of " + std::to_string(statement_limit_) +
                            " statement(s) tried one more; it did not run");
    }
    ++statements_executed_;
  }
  // One request to the database carrying `statements` SQL statements (0 for
  // a PREPARE or DESCRIBE of the protocol, several for a pipeline).
  void CountRoundTrip(std::int64_t statements = 1) {
    if (round_trips_ != nullptr) round_trips_->fetch_add(1, std::memory_order_relaxed);
    if (statements_ != nullptr) statements_->fetch_add(statements, std::memory_order_relaxed);
  }

 private:
  std::int64_t statement_limit_ = -1;  // none
  std::atomic<std::int64_t>* round_trips_ = nullptr;
  std::atomic<std::int64_t>* statements_ = nullptr;
};

struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Keyed by SQL text so a store's named constant maps to one prepared
// statement per connection; heterogeneous lookup avoids a copy per call.
template <typename T>
using StatementCache = std::unordered_map<std::string, T, SqlHash, std::equal_to<>>;

}  // namespace lenslet::db::detail

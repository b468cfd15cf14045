#pragma once
// PostgreSQL backend on libpq: a bounded pool of connections, each with its
// own cache of named prepared statements. A connection found dead is reset on
// its next checkout, and so is every other pooled connection (a dead one
// usually means the server restarted); a unit whose connection died before it
// had done anything is retried once.
//
// What a unit costs PostgreSQL beyond its statements (issue 16): BEGIN goes
// in the first statement's round trip (pipelined) and COMMIT only after a
// BEGIN, so a unit that runs no statement sends nothing; the statements'
// bounds are the session's statement_timeout and lock_timeout, set with plain
// SET in that same round trip only when they do not fit the unit's deadline.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/detail/probing.hpp"
#include "db/detail/unit_guard.hpp"
#include "db/limits.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::db {

namespace detail {
class PgConnection;
}

class PostgresDatabase final : public Database, public detail::Probing, public detail::StatementUnits {
 public:
  // Connects once at once, so a wrong URL or a server that is down is reported
  // at start-up as Error(kUnavailable) rather than on the first request.
  PostgresDatabase(std::string url, const DatabaseOptions& options, const UnitLimits& limits = {});
  ~PostgresDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  void Migrate() override;
  bool Ping() override;
  core::WorkerPool& pool() override { return *pool_; }

  void ProbeOnce(std::chrono::milliseconds budget) override;
  core::WorkerPool& probe_pool() override { return *probe_pool_; }
  const detail::UnitGuard& guard() const override { return guard_; }

  // In autocommit: no BEGIN or COMMIT (see PgConnection::StartUnit).
  void RunStatementUnit(bool write, const std::function<void(Connection&)>& body) override;

 protected:
  void RunUnit(bool write, const std::function<void(Connection&)>& body) override;
 private:
  void RunWithin(bool write, bool autocommit, detail::Deadline deadline,
                 const std::function<void(Connection&)>& body);
  std::unique_ptr<detail::PgConnection> Checkout(detail::Deadline deadline);
  void Checkin(std::unique_ptr<detail::PgConnection> conn);

  std::string url_;
  std::size_t max_connections_;

  std::mutex mutex_;
  std::condition_variable connection_free_;
  std::vector<std::unique_ptr<detail::PgConnection>> idle_;
  std::size_t open_ = 0;          // idle plus checked out
  std::uint64_t generation_ = 0;  // bumped whenever a connection is found dead
  detail::UnitGuard guard_;
  std::unique_ptr<detail::PgConnection> prober_;  // /health's own, used on probe_pool_ only

  // Declared last so they are destroyed (joined) first, while connections still exist.
  std::unique_ptr<core::WorkerPool> pool_;
  std::unique_ptr<core::WorkerPool> probe_pool_;
};

}  // namespace lenslet::db

#pragma once
// PostgreSQL backend on libpq: a bounded pool of connections, each with its
// own cache of named prepared statements. A connection found dead is reset on
// its next checkout, and so is every other pooled connection (a dead one
// usually means the server restarted); a unit whose connection died before it
// had done anything is retried once.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace lenslet::db {

namespace detail {
class PgConnection;
}

class PostgresDatabase final : public Database {
 public:
  // Connects once at once, so a wrong URL or a server that is down is reported
  // at start-up as Error(kUnavailable) rather than on the first request.
  PostgresDatabase(std::string url, const DatabaseOptions& options);
  ~PostgresDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  void Migrate() override;
  bool Ping() override;
  core::WorkerPool& pool() override { return *pool_; }

 protected:
  void RunUnit(bool write, const std::function<void(Connection&)>& body) override;

 private:
  std::unique_ptr<detail::PgConnection> Checkout();
  void Checkin(std::unique_ptr<detail::PgConnection> conn);

  std::string url_;
  std::size_t max_connections_;

  std::mutex mutex_;
  std::condition_variable connection_free_;
  std::vector<std::unique_ptr<detail::PgConnection>> idle_;
  std::size_t open_ = 0;          // idle plus checked out
  std::uint64_t generation_ = 0;  // bumped whenever a connection is found dead

  // Declared last so it is destroyed (joined) first, while connections still exist.
  std::unique_ptr<core::WorkerPool> pool_;
};

}  // namespace lenslet::db

#pragma once
// To add a migration: add migrations/sqlite/NNNN_name.sql AND migrations/postgres/NNNN_name.sql, same NNNN.
//
// Each pending migration runs in its own transaction, in version order, and is
// recorded in schema_migrations. On PostgreSQL each one also takes a
// transaction-scoped advisory lock, so several processes starting at once
// apply each migration exactly once; on SQLite BEGIN IMMEDIATE does the same.
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace lenslet::db {

struct Migration {
  int version = 0;
  std::string name;      // from the file name: 0001_accounts.sql -> "accounts"
  std::string_view sql;  // embedded in the binary
};

// The embedded migrations of one dialect, sorted by version. Throws
// std::logic_error if two files share a version.
std::vector<Migration> Migrations(Dialect dialect);

// Applies every pending migration; Database::Migrate() calls this.
void RunMigrations(Database& db);

// Versions recorded in schema_migrations, ascending (empty before the first run).
std::vector<int> AppliedMigrations(Database& db);

}  // namespace lenslet::db

#pragma once
// The fixture for every module's *_dbtest.cpp: each test gets a fresh, fully
// migrated database, once on SQLite and once on PostgreSQL.
//
//   class UserStoreTest : public lenslet::db::testing::DatabaseTest {};
//   TEST_P(UserStoreTest, FindsByName) { ... db().WriteNow(...) ... }
//   LENSLET_INSTANTIATE_DB_TEST(UserStoreTest);
//
// and in the module's CMakeLists.txt: lenslet_module(... TEST_DEPS lenslet_db_testing).
// PostgreSQL comes from LENSLET_TEST_PG_URL (scripts/test.sh sets it, or
// scripts/pg-test-cluster.sh start <dir> prints one); each test runs in its own
// schema, dropped afterwards. Without the variable the PostgreSQL cases fail.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/database.hpp"

namespace lenslet::db::testing {

class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Database& db();
  Dialect dialect() const { return GetParam(); }

  // The URL db() was opened with, to open a second Database on the same data.
  const std::string& url() const { return url_; }
  // Options db() was opened with; tests may change them before Reopen().
  DatabaseOptions options() const;
  // Closes db() and opens it again on the same data (not migrated again).
  void Reopen(const DatabaseOptions& options);

  // PostgreSQL only: runs SQL on a separate superuser connection that is not
  // part of db()'s pool (e.g. to kill db()'s sessions).
  void AdminExec(const std::string& sql);
  // PostgreSQL only: kills every server session of this test's databases (db()
  // and any opened with url()), as a server restart would.
  void TerminateSessions();

 private:
  std::unique_ptr<Database> db_;
  std::string url_;
  std::string sqlite_dir_;
  std::string pg_schema_;
};

// "Sqlite" / "Postgres", for test names.
std::string DialectName(const ::testing::TestParamInfo<Dialect>& info);

}  // namespace lenslet::db::testing

#define LENSLET_INSTANTIATE_DB_TEST(Suite)                                                   \
  INSTANTIATE_TEST_SUITE_P(                                                                  \
      Backends, Suite,                                                                       \
      ::testing::Values(::lenslet::db::Dialect::kSqlite, ::lenslet::db::Dialect::kPostgres), \
      ::lenslet::db::testing::DialectName)

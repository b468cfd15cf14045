#include "db/database.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>

#include "db/detail/url.hpp"
#include "db/migrations.hpp"

namespace lenslet::db {
namespace {

TEST(ParseUrl, SqliteFile) {
  auto parsed = detail::ParseUrl("sqlite:data/lenslet.db");
  EXPECT_EQ(parsed.dialect, Dialect::kSqlite);
  EXPECT_EQ(parsed.target, "data/lenslet.db");
  EXPECT_EQ(detail::ParseUrl("sqlite:/var/lib/lenslet.db").target, "/var/lib/lenslet.db");
  EXPECT_EQ(detail::ParseUrl("sqlite:///var/lib/lenslet.db").target, "/var/lib/lenslet.db");
}

TEST(ParseUrl, SqliteMemory) {
  auto parsed = detail::ParseUrl("sqlite::memory:");
  EXPECT_EQ(parsed.dialect, Dialect::kSqlite);
  EXPECT_EQ(parsed.target, ":memory:");
}

TEST(ParseUrl, PostgresBothSchemesPassedToLibpqUnchanged) {
  for (std::string url :
       {"postgres://u:p@db:5432/lenslet?sslmode=require", "postgresql://localhost/lenslet"}) {
    auto parsed = detail::ParseUrl(url);
    EXPECT_EQ(parsed.dialect, Dialect::kPostgres);
    EXPECT_EQ(parsed.target, url);
  }
}

TEST(ParseUrl, RejectsUnknownSchemesWithoutEchoingTheUrl) {
  for (std::string url : {"", "sqlite:", "mysql://root:hunter2@db/x", "postgres:/x", "SQLITE:x"}) {
    try {
      detail::ParseUrl(url);
      ADD_FAILURE() << url;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
    }
  }
  EXPECT_THROW(Open({.url = "redis://x"}), std::invalid_argument);
}

TEST(Open, UnreachablePostgresIsUnavailableAtOnce) {
  // Port 1 on loopback: refused immediately, no timeout to wait for.
  try {
    Open({.url = "postgres://lenslet:secret-pw@127.0.0.1:1/lenslet?connect_timeout=2"});
    FAIL() << "Open succeeded";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("Cannot connect to PostgreSQL"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret-pw"), std::string::npos);
    EXPECT_EQ(e.internal().find("secret-pw"), std::string::npos);
  }
}

TEST(Open, UnopenableSqliteFileIsUnavailable) {
  try {
    Open({.url = "sqlite:/nonexistent-folder/for/sure/x.db"});
    FAIL() << "Open succeeded";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
  }
}

TEST(Open, SqliteMemoryReadersSeeWrites) {
  auto db = Open({.url = "sqlite::memory:"});
  EXPECT_EQ(db->dialect(), Dialect::kSqlite);
  db->WriteNow([](Connection& c) {
    c.Exec("CREATE TABLE t (v TEXT)");
    c.Exec("INSERT INTO t (v) VALUES ($1)", "hello");
  });
  EXPECT_EQ(db->ReadNow([](Connection& c) { return c.Exec("SELECT v FROM t").one().Text(0); }), "hello");
  EXPECT_TRUE(db->Ping());
  // Two in-memory databases are separate.
  auto other = Open({.url = "sqlite::memory:"});
  EXPECT_THROW(other->ReadNow([](Connection& c) { c.Exec("SELECT v FROM t"); }), core::Error);
}

TEST(Row, TypedAccessors) {
  Row row({Value(nullptr), Value(std::int64_t{42}), Value(2.5), Value(std::string("text")), Value(3.0)});
  EXPECT_EQ(row.size(), 5u);
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_FALSE(row.IsNull(1));
  EXPECT_EQ(row.Int(1), 42);
  EXPECT_TRUE(row.Bool(1));
  EXPECT_EQ(row.OptInt(0), std::nullopt);
  EXPECT_EQ(row.OptInt(1), 42);
  EXPECT_DOUBLE_EQ(row.Real(2), 2.5);
  EXPECT_DOUBLE_EQ(row.Real(1), 42.0);
  EXPECT_EQ(row.Text(3), "text");
  EXPECT_EQ(row.OptText(0), std::nullopt);
  EXPECT_EQ(row.OptText(3), "text");
  // PostgreSQL's SUM(bigint) is numeric: a whole double reads as an integer.
  EXPECT_EQ(row.Int(4), 3);
}

TEST(Row, MismatchesThrowInternalErrors) {
  Row row({Value(nullptr), Value(std::int64_t{1}), Value(2.5), Value(std::string("x"))});
  EXPECT_THROW(row.Int(0), core::Error);
  EXPECT_THROW(row.Int(2), core::Error);
  EXPECT_THROW(row.Int(3), core::Error);
  EXPECT_THROW(row.Text(0), core::Error);
  EXPECT_THROW(row.Text(1), core::Error);
  EXPECT_THROW(row.Real(0), core::Error);
  EXPECT_THROW(row.Real(3), core::Error);
  EXPECT_THROW(row.IsNull(4), core::Error);
  EXPECT_THROW(row.OptInt(3), core::Error);
  try {
    row.Int(0);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInternal);
    EXPECT_NE(e.internal().find("column 0"), std::string::npos);
  }
}

TEST(Result, OneAndFirst) {
  Result empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.first(), std::nullopt);
  EXPECT_THROW(empty.one(), core::Error);
  Result two;
  two.rows.emplace_back(std::vector<Value>{std::int64_t{1}});
  two.rows.emplace_back(std::vector<Value>{std::int64_t{2}});
  EXPECT_EQ(two.one().Int(0), 1);
  EXPECT_EQ(two.first()->Int(0), 1);
}

// Every migration exists in both dialects with the same number and name, so
// the two schemas cannot drift apart silently.
TEST(Migrations, EveryVersionExistsInBothDialects) {
  std::map<int, std::string> sqlite;
  std::map<int, std::string> postgres;
  for (const auto& m : Migrations(Dialect::kSqlite)) sqlite[m.version] = m.name;
  for (const auto& m : Migrations(Dialect::kPostgres)) postgres[m.version] = m.name;
  EXPECT_EQ(sqlite, postgres);
  int expected = 1;
  for (const auto& [version, name] : sqlite) {
    EXPECT_EQ(version, expected++) << "migration numbers must be consecutive from 1 (" << name << ")";
    EXPECT_FALSE(name.empty());
  }
  for (const auto& m : Migrations(Dialect::kSqlite)) EXPECT_FALSE(m.sql.empty()) << m.name;
}

}  // namespace
}  // namespace lenslet::db

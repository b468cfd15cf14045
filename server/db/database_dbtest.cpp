#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/migrations.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"

namespace lenslet::db {
namespace {

class DatabaseDbTest : public testing::DatabaseTest {
 protected:
  void CreateTables() {
    db().WriteNow([](Connection& c) {
      c.Exec(
          "CREATE TABLE kv (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, score DOUBLE PRECISION, "
          "note TEXT, CHECK (score IS NULL OR score >= 0))");
      c.Exec("CREATE TABLE child (id BIGINT PRIMARY KEY, kv_id BIGINT NOT NULL REFERENCES kv (id))");
      c.Exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
      c.Exec("INSERT INTO counter (id, n) VALUES (1, 0)");
    });
  }

  std::int64_t CountKv() {
    return db().ReadNow([](Connection& c) { return c.Exec("SELECT COUNT(*) FROM kv").one().Int(0); });
  }

  ConstraintViolation::Kind ViolationOf(const std::function<void(Connection&)>& body) {
    try {
      db().WriteNow(body);
    } catch (const ConstraintViolation& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no ConstraintViolation";
    return ConstraintViolation::Kind::kOther;
  }
};

TEST_P(DatabaseDbTest, ReportsItsDialect) {
  EXPECT_EQ(db().dialect(), dialect());
  EXPECT_TRUE(db().Ping());
}

TEST_P(DatabaseDbTest, BindsParametersByNumberNotPosition) {
  auto row = db().ReadNow([](Connection& c) {
    return c.Exec("SELECT CAST($2 AS TEXT), CAST($1 AS BIGINT), CAST($2 AS TEXT)", 7, "second").one();
  });
  EXPECT_EQ(row.Text(0), "second");
  EXPECT_EQ(row.Int(1), 7);
  EXPECT_EQ(row.Text(2), "second");
}

TEST_P(DatabaseDbTest, RoundTripsNullsExtremesAndUnicode) {
  CreateTables();
  const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  const std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::string kUnicode = "Zoë 📷 日本語 \"quoted\" 'single' \\ back";
  db().WriteNow([&](Connection& c) {
    c.Exec("INSERT INTO kv (id, name, score, note) VALUES ($1, $2, $3, $4)", kMax, kUnicode, 0.125, nullptr);
    c.Exec("INSERT INTO kv (id, name, score, note) VALUES ($1, $2, $3, $4)", kMin, "min",
           std::optional<double>(), std::optional<std::string>("note"));
  });
  auto rows =
      db().ReadNow([](Connection& c) { return c.Exec("SELECT id, name, score, note FROM kv ORDER BY id"); });
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].Int(0), kMin);
  EXPECT_TRUE(rows.rows[0].IsNull(2));
  EXPECT_EQ(rows.rows[0].OptText(3), "note");
  EXPECT_EQ(rows.rows[1].Int(0), kMax);
  EXPECT_EQ(rows.rows[1].Text(1), kUnicode);
  EXPECT_DOUBLE_EQ(rows.rows[1].Real(2), 0.125);
  EXPECT_TRUE(rows.rows[1].IsNull(3));
  // Looking a value up by a bound unicode parameter finds it.
  EXPECT_EQ(db().ReadNow([&](Connection& c) {
    return c.Exec("SELECT id FROM kv WHERE name = $1", kUnicode).one().Int(0);
  }),
            kMax);
}

TEST_P(DatabaseDbTest, ConvertsResultTypes) {
  auto row = db().ReadNow([](Connection& c) {
    return c
        .Exec(
            "SELECT CAST(1 AS INTEGER), CAST(2.5 AS DOUBLE PRECISION), 'x', NULL, 1 = 1, CAST(NULL AS "
            "BIGINT)")
        .one();
  });
  EXPECT_EQ(row.Int(0), 1);
  EXPECT_DOUBLE_EQ(row.Real(1), 2.5);
  EXPECT_EQ(row.Text(2), "x");
  EXPECT_TRUE(row.IsNull(3));
  EXPECT_TRUE(row.Bool(4));  // PostgreSQL bool, SQLite integer: both read as 1
  EXPECT_TRUE(row.IsNull(5));
}

TEST_P(DatabaseDbTest, SumOfBigintsIsExactOnBothDialects) {
  CreateTables();
  const std::int64_t kBig = (std::int64_t{1} << 60) + 1;  // not representable as a double
  db().WriteNow([&](Connection& c) {
    c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", kBig, "a");
    c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 2, "b");
  });
  EXPECT_EQ(db().ReadNow([](Connection& c) { return c.Exec("SELECT SUM(id) FROM kv").one().Int(0); }),
            kBig + 2);
}

TEST_P(DatabaseDbTest, ManyDistinctStatementsStayCorrectPastTheCacheBound) {
  // SQL built at run time: more distinct texts than the cache keeps.
  auto total = db().ReadNow([](Connection& c) {
    std::int64_t sum = 0;
    for (int i = 0; i < 1100; ++i)
      sum += c.Exec("SELECT " + std::to_string(i) + " + CAST($1 AS BIGINT)", 1).one().Int(0);
    // A statement cached before the bound was hit still works after it.
    sum += c.Exec("SELECT 0 + CAST($1 AS BIGINT)", 1).one().Int(0);
    return sum;
  });
  EXPECT_EQ(total, 1099 * 1100 / 2 + 1100 + 1);
}

TEST_P(DatabaseDbTest, ReturningAndAffectedCounts) {
  CreateTables();
  auto inserted = db().WriteNow([](Connection& c) {
    return c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2), ($3, $4) RETURNING id, name", 1, "a", 2, "b");
  });
  ASSERT_EQ(inserted.rows.size(), 2u);
  EXPECT_EQ(inserted.affected, 2);
  auto updated = db().WriteNow([](Connection& c) { return c.Exec("UPDATE kv SET note = $1", "n"); });
  EXPECT_EQ(updated.affected, 2);
  EXPECT_TRUE(updated.empty());
  auto selected = db().ReadNow([](Connection& c) { return c.Exec("SELECT id FROM kv"); });
  EXPECT_EQ(selected.affected, 0);
  auto deleted =
      db().WriteNow([](Connection& c) { return c.Exec("DELETE FROM kv WHERE id = $1 RETURNING name", 2); });
  EXPECT_EQ(deleted.one().Text(0), "b");
  EXPECT_EQ(deleted.affected, 1);
}

TEST_P(DatabaseDbTest, WriteCommitsWhenBodyReturns) {
  CreateTables();
  db().WriteNow([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a"); });
  EXPECT_EQ(CountKv(), 1);
}

TEST_P(DatabaseDbTest, WriteRollsBackWhenBodyThrows) {
  CreateTables();
  EXPECT_THROW(db().WriteNow([](Connection& c) {
    c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(CountKv(), 0);
  // The connection is usable afterwards.
  db().WriteNow([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a"); });
  EXPECT_EQ(CountKv(), 1);
}

TEST_P(DatabaseDbTest, MapsConstraintViolations) {
  CreateTables();
  db().WriteNow([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a"); });
  EXPECT_EQ(ViolationOf([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 2, "a"); }),
            ConstraintViolation::Kind::kUnique);
  EXPECT_EQ(ViolationOf([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "b"); }),
            ConstraintViolation::Kind::kUnique);
  EXPECT_EQ(
      ViolationOf([](Connection& c) { c.Exec("INSERT INTO child (id, kv_id) VALUES ($1, $2)", 1, 99); }),
      ConstraintViolation::Kind::kForeignKey);
  EXPECT_EQ(ViolationOf([](Connection& c) {
              c.Exec("INSERT INTO kv (id, name, score) VALUES ($1, $2, $3)", 3, "c", -1.0);
            }),
            ConstraintViolation::Kind::kCheck);
  EXPECT_EQ(
      ViolationOf([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 4, nullptr); }),
      ConstraintViolation::Kind::kNotNull);
  // A violation ends the whole unit: nothing of it is kept on either backend.
  EXPECT_THROW(db().WriteNow([](Connection& c) {
    c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 5, "e");
    c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 6, "a");
  }),
               ConstraintViolation);
  EXPECT_EQ(CountKv(), 1);
}

TEST_P(DatabaseDbTest, SqlErrorsAreInternalWithDetail) {
  try {
    db().ReadNow([](Connection& c) { c.Exec("SELECT * FROM no_such_table"); });
    FAIL() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInternal);
    EXPECT_NE(e.internal().find("no_such_table"), std::string::npos) << e.internal();
  }
  // Wrong parameter counts are caught the same way on both backends.
  EXPECT_THROW(db().ReadNow([](Connection& c) { c.Exec("SELECT CAST($1 AS BIGINT)"); }), core::Error);
  EXPECT_THROW(db().ReadNow([](Connection& c) { c.Exec("SELECT CAST($1 AS BIGINT)", 1, 2); }), core::Error);
  EXPECT_TRUE(db().Ping());
}

TEST_P(DatabaseDbTest, ReadUnitsCannotWrite) {
  CreateTables();
  EXPECT_THROW(
      db().ReadNow([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a"); }),
      core::Error);
  EXPECT_EQ(CountKv(), 0);
}

TEST_P(DatabaseDbTest, ReadsSeeCommittedWrites) {
  CreateTables();
  for (int i = 1; i <= 20; ++i) {
    db().WriteNow(
        [&](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", i, std::to_string(i)); });
    // Every reader connection, whichever the pool hands out, sees it at once.
    EXPECT_EQ(CountKv(), i);
  }
}

TEST_P(DatabaseDbTest, ReusesPreparedStatementsAndCountsThem) {
  CreateTables();
  const std::string_view kInsert = "INSERT INTO kv (id, name) VALUES ($1, $2)";
  auto executed = db().WriteNow([&](Connection& c) {
    for (int i = 0; i < 200; ++i) c.Exec(kInsert, i, "n" + std::to_string(i));
    return c.statements_executed();
  });
  EXPECT_EQ(executed, 200);
  EXPECT_EQ(CountKv(), 200);
  // The counter restarts with every unit.
  EXPECT_EQ(db().ReadNow([](Connection& c) {
    c.Exec("SELECT 1");
    return c.statements_executed();
  }),
            1);
  // Many units reusing the same SQL on pooled connections.
  for (int i = 200; i < 300; ++i)
    db().WriteNow([&](Connection& c) { c.Exec(kInsert, i, "n" + std::to_string(i)); });
  EXPECT_EQ(CountKv(), 300);
}

// Issue 16: a unit whose body is one statement (data-modifying CTEs) needs no
// BEGIN or COMMIT on PostgreSQL.
TEST_P(DatabaseDbTest, AOneStatementUnitCostsOneRoundTripOnPostgres) {
  CreateTables();
  const std::string_view kBump = "UPDATE counter SET n = n + 1 WHERE id = 1 RETURNING n";
  const auto bump = [&] { return WriteStatementNow(db(), [&](Connection& c) { return c.Exec(kBump).one().Int(0); }); };
  EXPECT_EQ(bump(), 1);  // prepares the statement on the connection
  auto before = RoundTrips(db());
  EXPECT_EQ(bump(), 2);
  EXPECT_EQ(RoundTrips(db()) - before, dialect() == Dialect::kPostgres ? 1 : 3) << "SQLite: BEGIN, it, COMMIT";
  // The same statement in a write unit: BEGIN and COMMIT besides.
  before = RoundTrips(db());
  EXPECT_EQ(db().WriteNow([&](Connection& c) { return c.Exec(kBump).one().Int(0); }), 3);
  EXPECT_EQ(RoundTrips(db()) - before, dialect() == Dialect::kPostgres ? 2 : 3)
      << "PostgreSQL: BEGIN with it, COMMIT";
  // Like any unit's, its connection knows its Database (the caches' key).
  const auto id = WriteStatementNow(db(), [&](Connection& c) {
    c.Exec(kBump);
    return c.database_id();
  });
  EXPECT_NE(id, 0u);
  EXPECT_EQ(id, db().ReadNow([](Connection& c) { return c.database_id(); }));
}

TEST_P(DatabaseDbTest, AOneStatementUnitRefusesASecondStatementBeforeItRunsAndNone) {
  CreateTables();
  try {
    WriteStatementNow(db(), [](Connection& c) {
      c.Exec("INSERT INTO kv (id, name) VALUES (1, 'a')");
      c.Exec("INSERT INTO kv (id, name) VALUES (2, 'b')");
    });
    ADD_FAILURE() << "a second statement ran";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInternal) << e.internal();
  }
  // The second never ran; on PostgreSQL the first committed by itself (that
  // is what autocommit means), on SQLite the unit rolled back.
  EXPECT_EQ(CountKv(), dialect() == Dialect::kPostgres ? 1 : 0);
  try {
    WriteStatementNow(db(), [](Connection&) {});
    ADD_FAILURE() << "a unit of no statement passed";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInternal) << e.internal();
  }
  // The connection is fine for units of any size afterwards.
  db().WriteNow([](Connection& c) {
    c.Exec("INSERT INTO kv (id, name) VALUES (3, 'c')");
    c.Exec("INSERT INTO kv (id, name) VALUES (4, 'd')");
  });
  EXPECT_EQ(CountKv(), dialect() == Dialect::kPostgres ? 3 : 2);
}

TEST_P(DatabaseDbTest, MigrationsAreRecordedAndIdempotent) {
  const auto expected = Migrations(dialect());
  auto applied = AppliedMigrations(db());
  ASSERT_EQ(applied.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(applied[i], expected[i].version);
  db().Migrate();
  db().Migrate();
  EXPECT_EQ(AppliedMigrations(db()), applied);
}

TEST_P(DatabaseDbTest, ConcurrentMigrateFromSeveralDatabases) {
  // Several "processes" on the same data start at once.
  std::vector<std::unique_ptr<Database>> dbs;
  for (int i = 0; i < 3; ++i) dbs.push_back(Open(options()));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& d : dbs) {
    threads.emplace_back([&failures, &d] {
      try {
        d->Migrate();
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(AppliedMigrations(db()).size(), Migrations(dialect()).size());
}

TEST_P(DatabaseDbTest, ConcurrentWritersLoseNoIncrement) {
  CreateTables();
  constexpr int kThreads = 6;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < kPerThread; ++i) {
        db().WriteNow([](Connection& c) {
          // PostgreSQL runs these writers concurrently; the row lock taken by
          // UPDATE keeps the count exact. SQLite runs them one at a time.
          c.Exec("UPDATE counter SET n = n + 1 WHERE id = 1");
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(
      db().ReadNow([](Connection& c) { return c.Exec("SELECT n FROM counter WHERE id = 1").one().Int(0); }),
      kThreads * kPerThread);
}

TEST_P(DatabaseDbTest, CoroutineUnitsRunOnThePoolAndResumeOnTheCaller) {
  CreateTables();
  boost::asio::io_context io;
  std::thread::id io_thread;
  std::thread::id write_thread;
  std::thread::id read_thread;
  std::thread::id resumed_thread;
  std::int64_t read_back = 0;
  std::atomic<int> done{0};
  auto task = [&]() -> boost::asio::awaitable<void> {
    io_thread = std::this_thread::get_id();
    co_await db().Write([&](Connection& c) {
      write_thread = std::this_thread::get_id();
      c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 10, "async");
    });
    read_back = co_await db().Read([&](Connection& c) {
      read_thread = std::this_thread::get_id();
      return c.Exec("SELECT id FROM kv WHERE name = $1", "async").one().Int(0);
    });
    resumed_thread = std::this_thread::get_id();
    // Exceptions thrown in the body arrive in the coroutine.
    bool caught = false;
    try {
      co_await db().Write(
          [](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 11, "async"); });
    } catch (const ConstraintViolation& e) {
      caught = e.kind() == ConstraintViolation::Kind::kUnique;
    }
    EXPECT_TRUE(caught);
    ++done;
  };
  boost::asio::co_spawn(io, task(), boost::asio::detached);
  io.run();
  EXPECT_EQ(done.load(), 1);
  EXPECT_EQ(read_back, 10);
  EXPECT_NE(write_thread, io_thread);
  EXPECT_NE(read_thread, io_thread);
  EXPECT_EQ(resumed_thread, io_thread);
}

TEST_P(DatabaseDbTest, ManyConcurrentCoroutines) {
  CreateTables();
  boost::asio::io_context io;
  constexpr int kTasks = 40;
  std::atomic<int> done{0};
  for (int i = 0; i < kTasks; ++i) {
    boost::asio::co_spawn(
        io,
        [&, i]() -> boost::asio::awaitable<void> {
          co_await db().Write([i](Connection& c) {
            c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", i, "t" + std::to_string(i));
            c.Exec("UPDATE counter SET n = n + 1 WHERE id = 1");
          });
          auto n = co_await db().Read(
              [](Connection& c) { return c.Exec("SELECT COUNT(*) FROM kv").one().Int(0); });
          EXPECT_GE(n, 1);
          ++done;
        },
        boost::asio::detached);
  }
  io.run();
  EXPECT_EQ(done.load(), kTasks);
  EXPECT_EQ(CountKv(), kTasks);
}

TEST_P(DatabaseDbTest, ReconnectsAfterTheServerKillsItsSessions) {
  if (dialect() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL connections only";
  CreateTables();
  // Warm several pooled connections, each with cached prepared statements.
  std::mutex mutex;
  std::set<std::int64_t> old_pids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto pid = db().WriteNow([t](Connection& c) {
        c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", t, "w" + std::to_string(t));
        c.Exec("SELECT pg_sleep(0.05)");
        return c.Exec("SELECT pg_backend_pid()").one().Int(0);
      });
      std::lock_guard lock(mutex);
      old_pids.insert(pid);
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_GE(old_pids.size(), 2u);

  TerminateSessions();
  // The next units still succeed, on new sessions, re-preparing their statements.
  for (int i = 0; i < 6; ++i) {
    auto [count, pid] = db().ReadNow([](Connection& c) {
      return std::pair(c.Exec("SELECT COUNT(*) FROM kv").one().Int(0),
                       c.Exec("SELECT pg_backend_pid()").one().Int(0));
    });
    EXPECT_EQ(count, 4);
    EXPECT_FALSE(old_pids.contains(pid)) << "unit ran on a killed session";
  }
  db().WriteNow([](Connection& c) { c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 100, "after"); });
  EXPECT_EQ(CountKv(), 5);
  EXPECT_TRUE(db().Ping());
}

TEST_P(DatabaseDbTest, ConnectionLostMidUnitIsUnavailableAndNotRetried) {
  if (dialect() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL connections only";
  CreateTables();
  int runs = 0;
  try {
    db().WriteNow([&](Connection& c) {
      ++runs;
      c.Exec("INSERT INTO kv (id, name) VALUES ($1, $2)", 1, "a");
      // The session kills itself after its first statement, so the failure
      // cannot be retried safely.
      c.Exec("SELECT pg_terminate_backend(pg_backend_pid())");
      c.Exec("SELECT 1");
    });
    FAIL() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable) << e.internal();
  }
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(CountKv(), 0);
}

TEST_P(DatabaseDbTest, PingAndUnitsReportAnUnreachableServerAndRecover) {
  if (dialect() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL connections only";
  // A role we can lock out stands in for a server that went away: its
  // sessions are killed and it may not log in again until we allow it.
  const std::string role = "lenslet_gone_" + std::to_string(::getpid());
  AdminExec("DROP ROLE IF EXISTS " + role);
  AdminExec("CREATE ROLE " + role + " LOGIN SUPERUSER");
  DatabaseOptions as_role = options();
  as_role.url += "&user=" + role;
  {
    auto other = Open(as_role);
    EXPECT_EQ(other->ReadNow([](Connection& c) { return c.Exec("SELECT current_user").one().Text(0); }),
              role);
    AdminExec("ALTER ROLE " + role + " NOLOGIN");
    AdminExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
    EXPECT_FALSE(other->Ping());
    try {
      other->ReadNow([](Connection& c) { c.Exec("SELECT 1"); });
      ADD_FAILURE() << "no error";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable);
      EXPECT_FALSE(e.internal().empty());
    }
    AdminExec("ALTER ROLE " + role + " LOGIN");
    EXPECT_TRUE(other->Ping());
    EXPECT_EQ(other->ReadNow([](Connection& c) { return c.Exec("SELECT 1").one().Int(0); }), 1);
  }
  AdminExec("DROP ROLE " + role);
}

TEST_P(DatabaseDbTest, PingRecoversAtOnceAfterSessionsAreKilled) {
  if (dialect() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL connections only";
  EXPECT_TRUE(db().Ping());
  TerminateSessions();
  EXPECT_TRUE(db().Ping());
}

LENSLET_INSTANTIATE_DB_TEST(DatabaseDbTest);

}  // namespace
}  // namespace lenslet::db

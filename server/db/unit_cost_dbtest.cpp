// What a unit costs the database beyond its own statements (issue 16):
// PostgreSQL's CPU per request followed the statements it parsed and ran,
// and every unit used to add BEGIN, two SET LOCALs and COMMIT to them.
//
// - the session's timeouts are set once for many units (plain SET), and set
//   again after a rollback undid them;
// - a unit that runs no statement sends nothing;
// - BEGIN travels with the first statement (one round trip), and a read unit
//   still reads one snapshot, taken at its first statement as before;
// - a one-statement read (db::ReadStatement) runs in autocommit.
//
// Each database here has ONE connection, so each unit meets the session the
// previous one left.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "db/database.hpp"
#include "db/detail/unit_guard.hpp"
#include "db/limits.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"

namespace lenslet::db {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// What a piece of work cost the database: requests and statements.
struct Cost {
  std::int64_t round_trips = 0;
  std::int64_t statements = 0;
  bool operator==(const Cost&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Cost& cost) {
  return out << cost.round_trips << " round trips, " << cost.statements << " statements";
}

class UnitCostDbTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    testing::DatabaseTest::SetUp();
    db().WriteNow([](Connection& c) {
      c.Exec("CREATE TABLE kv (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
      c.Exec("INSERT INTO kv (id, n) VALUES (1, 7)");
    });
    OpenOne(5000ms);
  }

  void TearDown() override {
    one_.reset();
    testing::DatabaseTest::TearDown();
  }

  // The database under test: the fixture's data on one connection and one thread.
  void OpenOne(std::chrono::milliseconds timeout) {
    auto options = this->options();
    options.max_connections = 1;
    options.worker_threads = 1;
    one_.reset();
    one_ = Open(options, UnitLimits{.timeout = timeout});
  }
  Database& One() { return *one_; }

  template <typename F>
  Cost CostOf(F&& work) {
    const Cost before{RoundTrips(One()), ServerStatements(One())};
    work();
    return Cost{RoundTrips(One()) - before.round_trips, ServerStatements(One()) - before.statements};
  }

  bool Postgres() const { return dialect() == Dialect::kPostgres; }

  std::int64_t ReadN() {
    return One().ReadNow([](Connection& c) { return c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0); });
  }

  // The session's statement_timeout in milliseconds, as a unit of One() sees it.
  std::int64_t SessionTimeoutMs() {
    return One().ReadNow([](Connection& c) { return TimeoutMs(c); });
  }
  static std::int64_t TimeoutMs(Connection& c) {
    // PostgreSQL shows "0", "5s" or "4875ms".
    const std::string shown = c.Exec(kShowTimeout).one().Text(0);
    const std::int64_t n = std::stoll(shown);
    return shown.ends_with("ms") || n == 0 ? n : n * 1000;
  }
  static constexpr std::string_view kShowTimeout = "SELECT current_setting('statement_timeout')";

 private:
  std::unique_ptr<Database> one_;
};

TEST_P(UnitCostDbTest, AReadUnitOfOneStatementCostsTwoRoundTripsOnPostgres) {
  EXPECT_EQ(ReadN(), 7);  // prepares the statement and sets the session's timeouts
  // BEGIN and the SELECT in one round trip, then COMMIT. SQLite: BEGIN, it, COMMIT.
  EXPECT_EQ(CostOf([&] { EXPECT_EQ(ReadN(), 7); }), Postgres() ? (Cost{2, 3}) : (Cost{3, 3}));
  // Each further statement of a unit: one round trip.
  const auto three = [&] {
    One().ReadNow([](Connection& c) {
      for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0), 7);
    });
  };
  EXPECT_EQ(CostOf(three), Postgres() ? (Cost{4, 5}) : (Cost{5, 5}));
  const auto write = [&] {
    One().WriteNow([](Connection& c) { c.Exec("UPDATE kv SET n = n WHERE id = 1"); });
  };
  write();
  EXPECT_EQ(CostOf(write), Postgres() ? (Cost{2, 3}) : (Cost{3, 3}));
}

// Before: every unit sent BEGIN; SET LOCAL statement_timeout; SET LOCAL
// lock_timeout — five statements for a one-statement read.
TEST_P(UnitCostDbTest, TheSessionsTimeoutsAreSetOnceForManyUnits) {
  EXPECT_EQ(ReadN(), 7);
  const Cost many = CostOf([&] {
    for (int i = 0; i < 20; ++i) EXPECT_EQ(ReadN(), 7);
  });
  EXPECT_EQ(many.statements, 20 * 3) << many;
  if (!Postgres()) return;
  // And they bound the units: what the session holds is the unit's timeout
  // (a fortieth below, so units a few milliseconds later still fit it).
  const auto ms = SessionTimeoutMs();
  EXPECT_GE(ms, 4750);
  EXPECT_LE(ms, 4875);
}

TEST_P(UnitCostDbTest, AUnitThatRunsNoStatementSendsNothing) {
  EXPECT_EQ(ReadN(), 7);
  // SQLite's BEGIN and COMMIT are calls into the library, not requests.
  const Cost empty = Postgres() ? Cost{0, 0} : Cost{2, 2};
  EXPECT_EQ(CostOf([&] { One().ReadNow([](Connection&) {}); }), empty);
  EXPECT_EQ(CostOf([&] { One().WriteNow([](Connection&) {}); }), empty);
  // Nor one that throws before its first statement: no ROLLBACK either
  // (SQLite's, uncounted, follows its BEGIN).
  EXPECT_EQ(CostOf([&] {
              EXPECT_THROW(One().WriteNow([](Connection&) { throw std::runtime_error("nothing to do"); }),
                           std::runtime_error);
            }),
            Postgres() ? (Cost{0, 0}) : (Cost{1, 1}));
  // Not even the first unit on a connection, whose timeouts are not set yet.
  OpenOne(5000ms);
  EXPECT_EQ(CostOf([&] { One().ReadNow([](Connection&) {}); }), empty);
  EXPECT_EQ(ReadN(), 7);
}

// BEGIN now travels with the first statement; the snapshot of a REPEATABLE
// READ unit was and is taken by that statement, not by BEGIN: a write that
// commits after the unit began but before its first statement is seen, one
// that commits after its first statement is not, for the whole unit.
TEST_P(UnitCostDbTest, AReadUnitReadsOneSnapshotTakenByItsFirstStatement) {
  const auto bump = [&] {
    // Another connection, as another request would.
    std::async(std::launch::async, [&] {
      db().WriteNow([](Connection& c) { c.Exec("UPDATE kv SET n = n + 1 WHERE id = 1"); });
    }).get();
  };
  const auto [first, second] = One().ReadNow([&](Connection& c) {
    bump();
    const auto seen = c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0);
    bump();
    return std::pair(seen, c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0));
  });
  EXPECT_EQ(first, 8);
  // SQLite: a read transaction starts at its first statement as well.
  EXPECT_EQ(second, 8);
  EXPECT_EQ(ReadN(), 9);
}

// WARNING: a SET inside a transaction that rolls back is undone. Before the
// value was tracked as unknown after it, a unit after the rollback trusted
// timeouts the session no longer had and ran unbounded.
TEST_P(UnitCostDbTest, TheTimeoutsAreSetAgainAfterARollbackUndidThem) {
  if (!Postgres()) GTEST_SKIP() << "SQLite statements do not wait on the server";
  OpenOne(300ms);
  // The first unit on the connection sets the timeouts, then rolls back.
  EXPECT_THROW(One().WriteNow([](Connection& c) {
    c.Exec("UPDATE kv SET n = n WHERE id = 1");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  const auto started = Clock::now();
  try {
    One().ReadNow([](Connection& c) { c.Exec("SELECT pg_sleep(10)"); });
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable) << e.internal();
  }
  EXPECT_LT(Clock::now() - started, 5s) << "the unit after the rollback ran unbounded";
}

// The same when the statement sent with the SETs fails: the transaction
// (explicit, or the implicit one of an autocommit statement) rolls back.
TEST_P(UnitCostDbTest, TheTimeoutsAreSetAgainAfterAFailedStatementUndidThem) {
  if (!Postgres()) GTEST_SKIP() << "SQLite statements do not wait on the server";
  for (const bool autocommit : {false, true}) {
    SCOPED_TRACE(autocommit ? "autocommit" : "transaction");
    OpenOne(300ms);
    const auto insert = [](std::int64_t id) {
      return [id](Connection& c) {
        c.Exec("INSERT INTO kv (id, n) VALUES ($1, 0) ON CONFLICT (id) DO NOTHING", id);
      };
    };
    // Prepared, so the SETs go in the statement's round trip; then the
    // session's timeouts are taken off, so the failing unit must set them.
    One().WriteNow(insert(autocommit ? 3 : 2));
    {
      const detail::UnboundedScope unbounded;
      EXPECT_EQ(SessionTimeoutMs(), 0);
    }
    const auto fail = [](Connection& c) {
      c.Exec("INSERT INTO kv (id, n) VALUES ($1, 0) ON CONFLICT (id) DO NOTHING",
             std::string("not a number"));
    };
    if (autocommit) {
      EXPECT_THROW(WriteStatementNow(One(), fail), core::Error);
    } else {
      EXPECT_THROW(One().WriteNow(fail), core::Error);
    }
    const auto started = Clock::now();
    EXPECT_THROW(One().ReadNow([](Connection& c) { c.Exec("SELECT pg_sleep(10)"); }), core::Error);
    EXPECT_LT(Clock::now() - started, 5s) << "the unit after the rollback ran unbounded";
  }
}

TEST_P(UnitCostDbTest, AfterARollbackTheNextUnitSetsTheTimeoutsInItsRoundTrip) {
  EXPECT_EQ(ReadN(), 7);
  EXPECT_THROW(One().WriteNow([](Connection& c) {
    c.Exec("UPDATE kv SET n = n WHERE id = 1");
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  // Nothing was set in the unit that rolled back: the session's value held.
  EXPECT_EQ(CostOf([&] { EXPECT_EQ(ReadN(), 7); }), Postgres() ? (Cost{2, 3}) : (Cost{3, 3}));
  if (!Postgres()) return;
  // A unit without a deadline sets them to none, and the next one with a
  // deadline back, each in the round trip of its BEGIN; the first of them
  // rolls back, so the second sets them again.
  {
    const detail::UnboundedScope unbounded;
    EXPECT_THROW(One().WriteNow([](Connection& c) {
      EXPECT_EQ(TimeoutMs(c), 0);
      throw std::runtime_error("changed my mind");
    }),
                 std::runtime_error);
  }
  EXPECT_EQ(CostOf([&] { EXPECT_GE(SessionTimeoutMs(), 4750); }), (Cost{2, 5}));
  EXPECT_EQ(CostOf([&] { EXPECT_EQ(ReadN(), 7); }), (Cost{2, 3}));
}

TEST_P(UnitCostDbTest, AOneStatementReadCostsOneRoundTripOnPostgres) {
  const auto read = [&] {
    return ReadStatementNow(
        One(), [](Connection& c) { return c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0); });
  };
  EXPECT_EQ(read(), 7);  // prepares it and sets the session's timeouts
  EXPECT_EQ(CostOf([&] { EXPECT_EQ(read(), 7); }), Postgres() ? (Cost{1, 1}) : (Cost{3, 3}));
  // Like any unit, its connection knows its Database.
  EXPECT_EQ(ReadStatementNow(One(),
                             [](Connection& c) {
                               c.Exec("SELECT 1");
                               return c.database_id();
                             }),
            One().ReadNow([](Connection& c) { return c.database_id(); }));
}

TEST_P(UnitCostDbTest, AOneStatementReadRefusesASecondStatementNoneAndAWrite) {
  const auto refused = [&](const std::function<void(Connection&)>& body) {
    try {
      ReadStatementNow(One(), body);
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kInternal) << e.internal();
      return true;
    }
    return false;
  };
  int ran = 0;
  EXPECT_TRUE(refused([&](Connection& c) {
    c.Exec("SELECT 1");
    ++ran;
    c.Exec("SELECT 2");
    ++ran;
  }));
  EXPECT_EQ(ran, 1) << "the second statement ran";
  EXPECT_TRUE(refused([](Connection&) {}));
  // In autocommit no READ ONLY transaction stops it: refused before it runs.
  EXPECT_TRUE(refused([](Connection& c) { c.Exec("UPDATE kv SET n = 0 WHERE id = 1"); }));
  EXPECT_TRUE(
      refused([](Connection& c) { c.Exec("WITH x AS (UPDATE kv SET n = 0 RETURNING n) SELECT n FROM x"); }));
  EXPECT_EQ(ReadN(), 7);
  // Leading blanks and any case are still a SELECT.
  EXPECT_EQ(
      ReadStatementNow(One(), [](Connection& c) { return c.Exec("\n  select n FROM kv").one().Int(0); }), 7);
}

// The coroutine forms run on the worker pool, at the same cost.
TEST_P(UnitCostDbTest, OneStatementUnitsOnThePoolCostOneRoundTripOnPostgres) {
  const auto run = [&] {
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<std::int64_t> {
          const auto n = co_await ReadStatement(
              One(), [](Connection& c) { return c.Exec("SELECT n FROM kv WHERE id = 1").one().Int(0); });
          co_return co_await WriteStatement(One(), [&](Connection& c) {
            return c.Exec("UPDATE kv SET n = $1 WHERE id = 1 RETURNING n", n).one().Int(0);
          });
        },
        boost::asio::use_future);
    io.run();
    return done.get();
  };
  EXPECT_EQ(run(), 7);  // prepares them
  EXPECT_EQ(CostOf([&] { EXPECT_EQ(run(), 7); }), Postgres() ? (Cost{2, 2}) : (Cost{6, 6}));
}

// A one-statement read in autocommit gives up at the unit's timeout like any unit.
TEST_P(UnitCostDbTest, AOneStatementReadGivesUpAfterTheTimeout) {
  if (!Postgres()) GTEST_SKIP() << "SQLite statements do not wait on the server";
  OpenOne(300ms);
  const auto started = Clock::now();
  try {
    ReadStatementNow(One(), [](Connection& c) { c.Exec("SELECT pg_sleep(10)"); });
    ADD_FAILURE() << "no error";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnavailable) << e.internal();
  }
  EXPECT_LT(Clock::now() - started, 5s);
}

LENSLET_INSTANTIATE_DB_TEST(UnitCostDbTest);

}  // namespace
}  // namespace lenslet::db

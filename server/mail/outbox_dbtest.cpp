#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <set>

#include "core/worker_pool.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "mail/mail_worker.hpp"
#include "mail/outbox.hpp"

namespace lenslet::mail {
namespace {

class OutboxTest : public db::testing::DatabaseTest {
 protected:
  void Queue(const std::string& to, core::Millis now) {
    db().WriteNow([&](db::Connection& c) {
      Enqueue(c, to, Template::kVerifyEmail, {{"username", "ada"}, {"path", "/verify-email?token=t"}}, now);
    });
  }
  std::vector<OutboxRow> Claim(core::Millis now, core::Millis lease_until, int limit) {
    return db().WriteNow([&](db::Connection& c) { return OutboxStore().Claim(c, now, lease_until, limit); });
  }
};

TEST_P(OutboxTest, AMailIsQueuedOnlyWhenItsUnitCommits) {
  EXPECT_THROW(db().WriteNow([&](db::Connection& c) {
    Enqueue(c, "ada@example.org", Template::kPasswordReset, {}, 1000);
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);
  EXPECT_EQ(db().ReadNow([](db::Connection& c) { return OutboxStore().Count(c); }), 0);
  Queue("ada@example.org", 1000);
  EXPECT_EQ(db().ReadNow([](db::Connection& c) { return OutboxStore().Count(c); }), 1);
}

TEST_P(OutboxTest, AClaimedRowIsNobodyElsesUntilItsLeaseEnds) {
  Queue("a@example.org", 1000);
  Queue("b@example.org", 1000);
  const auto first = Claim(2000, 62000, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].to, "a@example.org");
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_EQ(first[0].fields.at("path"), "/verify-email?token=t");
  const auto second = Claim(2000, 62000, 10);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].to, "b@example.org");
  EXPECT_TRUE(Claim(61999, 121999, 10).empty());
  // The first holder died: once the lease is over the row is due again.
  const auto again = Claim(62000, 122000, 10);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].attempts, 2);
  // The old holder can no longer finish it.
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return OutboxStore().Remove(c, first[0].id, 62000); }));
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return OutboxStore().Remove(c, again[0].id, 122000); }));
}

TEST_P(OutboxTest, TwoInstancesClaimingAtOnceNeverShareARow) {
  for (int i = 0; i < 20; ++i) Queue("u" + std::to_string(i) + "@example.org", 1000);
  auto other = db::Open(options());
  std::vector<OutboxRow> mine;
  std::vector<OutboxRow> theirs;
  std::thread t([&] {
    for (int i = 0; i < 20; ++i) {
      auto rows = other->WriteNow([&](db::Connection& c) { return OutboxStore().Claim(c, 2000, 9000, 1); });
      theirs.insert(theirs.end(), rows.begin(), rows.end());
    }
  });
  for (int i = 0; i < 20; ++i) {
    auto rows = Claim(2000, 9000, 1);
    mine.insert(mine.end(), rows.begin(), rows.end());
  }
  t.join();
  std::set<std::int64_t> ids;
  for (const auto& r : mine) ids.insert(r.id);
  for (const auto& r : theirs) EXPECT_TRUE(ids.insert(r.id).second) << "row " << r.id << " claimed twice";
  EXPECT_EQ(ids.size(), 20u);
}

TEST_P(OutboxTest, AFailedRowWaitsForItsNextAttempt) {
  Queue("a@example.org", 1000);
  const auto row = Claim(1000, 5000, 1).at(0);
  EXPECT_TRUE(db().WriteNow(
      [&](db::Connection& c) { return OutboxStore().Reschedule(c, row.id, row.claimed_until, 3000, "down"); }));
  EXPECT_FALSE(db().ReadNow([](db::Connection& c) { return OutboxStore().AnyDue(c, 2999); }));
  EXPECT_TRUE(db().ReadNow([](db::Connection& c) { return OutboxStore().AnyDue(c, 3000); }));
}

// Issue 16: every instance asks every poll_interval whether a mail is due;
// with none due that is one SELECT in autocommit, not a read unit (BEGIN, it,
// COMMIT; before, two SET LOCALs besides).
TEST_P(OutboxTest, APollWithNothingDueCostsPostgresOneStatement) {
  struct NeverSends final : Sender {
    void Send(const Message&) override { ADD_FAILURE() << "a mail was sent"; }
  } sender;
  auto one = options();  // one connection: the statement is prepared on it
  one.max_connections = 1;
  one.worker_threads = 1;
  Reopen(one);
  core::WorkerPool pool("mail-test", 1, 10);
  MailWorker worker(db(), pool, sender, WorkerOptions{});
  const auto turn = [&] {
    boost::asio::io_context io;
    auto sent = boost::asio::co_spawn(io, worker.RunOnce(), boost::asio::use_future);
    io.run();
    return sent.get();
  };
  EXPECT_EQ(turn(), 0u);  // prepares it
  const auto statements = db::ServerStatements(db());
  const auto round_trips = db::RoundTrips(db());
  EXPECT_EQ(turn(), 0u);
  // SQLite: a read unit, BEGIN, the SELECT, COMMIT.
  const std::int64_t expected = dialect() == db::Dialect::kPostgres ? 1 : 3;
  EXPECT_EQ(db::ServerStatements(db()) - statements, expected);
  EXPECT_EQ(db::RoundTrips(db()) - round_trips, expected);
}

TEST(RetryDelayTest, DoublesUpToTheCap) {
  WorkerOptions options;
  options.first_retry = std::chrono::milliseconds(1000);
  options.max_retry = std::chrono::milliseconds(5000);
  EXPECT_EQ(RetryDelay(options, 1), 1000);
  EXPECT_EQ(RetryDelay(options, 2), 2000);
  EXPECT_EQ(RetryDelay(options, 3), 4000);
  EXPECT_EQ(RetryDelay(options, 4), 5000);
  EXPECT_EQ(RetryDelay(options, 400), 5000);
}

LENSLET_INSTANTIATE_DB_TEST(OutboxTest);

}  // namespace
}  // namespace lenslet::mail

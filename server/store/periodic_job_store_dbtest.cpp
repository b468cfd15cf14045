// A periodic job runs once per interval however many instances ask.
#include <gtest/gtest.h>

#include "db/testing/database_fixture.hpp"
#include "store/periodic_job_store.hpp"

namespace lenslet::store {
namespace {

class PeriodicJobStoreTest : public db::testing::DatabaseTest {
 protected:
  bool Claim(core::Millis now, core::Millis interval = 1'000) {
    return db().WriteNow(
        [&](db::Connection& c) { return PeriodicJobStore().ClaimDue(c, "home_feed_trim", now, interval); });
  }
};

TEST_P(PeriodicJobStoreTest, OnlyOneClaimPerIntervalWins) {
  EXPECT_TRUE(Claim(5'000));   // due since the migration
  EXPECT_FALSE(Claim(5'000));  // a second instance, the same moment
  EXPECT_FALSE(Claim(5'999));
  EXPECT_TRUE(Claim(6'000));  // the next interval
  EXPECT_FALSE(db().WriteNow(
      [&](db::Connection& c) { return PeriodicJobStore().ClaimDue(c, "no_such_job", 1'000'000, 1); }));
}

// A due time more than an interval ahead (the interval was shortened, or a
// clock ran ahead) does not hold the job back.
TEST_P(PeriodicJobStoreTest, ADueTimeTooFarAheadIsClaimedToo) {
  EXPECT_TRUE(Claim(5'000, 3'600'000));  // due again at 3,605,000
  EXPECT_FALSE(Claim(6'000, 3'600'000));
  EXPECT_TRUE(Claim(6'000, 1'000));  // the interval is now one second
  EXPECT_FALSE(Claim(6'500, 1'000));
}

// A run records how far it got; the next one reads it back.
TEST_P(PeriodicJobStoreTest, ProgressIsKeptBetweenRuns) {
  const PeriodicJobStore jobs;
  const auto progress = [&] {
    return db().ReadNow([&](db::Connection& c) { return jobs.Progress(c, "home_feed_trim"); });
  };
  EXPECT_EQ(progress(), 0);
  db().WriteNow([&](db::Connection& c) { jobs.SetProgress(c, "home_feed_trim", 4'000); });
  EXPECT_EQ(progress(), 4'000);
  EXPECT_EQ(db().ReadNow([&](db::Connection& c) { return jobs.Progress(c, "no_such_job"); }), 0);
}

LENSLET_INSTANTIATE_DB_TEST(PeriodicJobStoreTest);

}  // namespace
}  // namespace lenslet::store

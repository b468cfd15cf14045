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

LENSLET_INSTANTIATE_DB_TEST(PeriodicJobStoreTest);

}  // namespace
}  // namespace lenslet::store

// The export queue (migration 0017): one pending export per user, leases that
// only one claimer gets, and a lease holder that alone may finish its row.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/export_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

constexpr core::Millis kNow = 1'800'000'000'000;
constexpr core::Millis kLease = 60'000;

class ExportStoreTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddUser("ann");
  }

  core::UserId AddUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return users_.Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, kNow}).id;
    });
  }

  ExportStore::Requested Request(core::UserId user, core::Millis now = kNow) {
    return db().WriteNow([&](db::Connection& c) { return exports_.Request(c, user, now); });
  }

  std::optional<ExportClaim> Claim(const std::string& token, core::Millis now = kNow) {
    return db().WriteNow([&](db::Connection& c) { return exports_.Claim(c, now, kLease, token); });
  }

  UserStore users_;
  ExportStore exports_;
  core::UserId ann_;
};

TEST_P(ExportStoreTest, OnePendingExportPerUserAskingAgainFindsIt) {
  const auto first = Request(ann_);
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.row.status, ExportStatus::kPending);
  const auto second = Request(ann_, kNow + 5);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.row.id, first.row.id);
  EXPECT_EQ(second.row.created_at, kNow);
  const auto bob = Request(AddUser("bob"));
  EXPECT_TRUE(bob.created);
  EXPECT_NE(bob.row.id, first.row.id);
}

TEST_P(ExportStoreTest, AClaimHoldsTheRowUntilTheLeaseRunsOutThenAnotherMayTakeIt) {
  const auto requested = Request(ann_);
  const auto claim = Claim("first");
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->id, requested.row.id);
  EXPECT_EQ(claim->attempts, 1);
  EXPECT_FALSE(Claim("second", kNow + kLease - 1)) << "leased";
  const auto taken_over = Claim("second", kNow + kLease + 1);
  ASSERT_TRUE(taken_over) << "the holder died: its lease ran out";
  EXPECT_EQ(taken_over->attempts, 2);
  // The first holder lost it: it may neither renew nor finish the row.
  db().WriteNow([&](db::Connection& c) {
    EXPECT_FALSE(exports_.Renew(c, *claim, kNow + 2 * kLease));
    EXPECT_FALSE(exports_.MarkReady(c, *claim, 10, "\"x\"", kNow, kNow + 1000));
    EXPECT_TRUE(exports_.MarkReady(c, *taken_over, 10, "\"y\"", kNow, kNow + 1000));
  });
  const auto row = db().ReadNow([&](db::Connection& c) { return exports_.Find(c, requested.row.id); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, ExportStatus::kReady);
  EXPECT_EQ(row->etag, "\"y\"");
}

TEST_P(ExportStoreTest, ConcurrentClaimersNeverGetTheSameRow) {
  // Rounds of one pending row and several claimers released at once: exactly
  // one gets it (on PostgreSQL the losers wait on the row lock, then must see
  // the lease the winner took).
  constexpr int kRounds = 15;
  constexpr int kClaimers = 6;
  for (int round = 0; round < kRounds; ++round) {
    Request(AddUser("user" + std::to_string(round)));
    std::atomic<int> winners{0};
    std::barrier start(kClaimers);
    std::vector<std::thread> threads;
    for (int t = 0; t < kClaimers; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        if (Claim("r" + std::to_string(round) + "c" + std::to_string(t))) ++winners;
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(winners.load(), 1) << "round " << round;
  }
}

TEST_P(ExportStoreTest, AFailedAttemptWaitsForItsBackOffAndReleasingCountsNoAttempt) {
  Request(ann_);
  auto claim = Claim("a");
  ASSERT_TRUE(claim);
  db().WriteNow([&](db::Connection& c) { EXPECT_TRUE(exports_.Release(c, *claim)); });
  claim = Claim("b");
  ASSERT_TRUE(claim) << "released: claimable at once";
  EXPECT_EQ(claim->attempts, 1) << "a clean stop is no attempt";
  db().WriteNow([&](db::Connection& c) {
    EXPECT_TRUE(exports_.MarkAttemptFailed(c, *claim, "disk full", kNow + 30'000, false));
  });
  EXPECT_FALSE(Claim("c", kNow + 29'999));
  claim = Claim("c", kNow + 30'000);
  ASSERT_TRUE(claim);
  db().WriteNow([&](db::Connection& c) { EXPECT_TRUE(exports_.MarkAttemptFailed(c, *claim, "again", 0, true)); });
  EXPECT_FALSE(Claim("d", kNow + 10 * kLease));
  const auto latest = db().ReadNow([&](db::Connection& c) { return exports_.Latest(c, ann_); });
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->status, ExportStatus::kFailed);
  EXPECT_TRUE(Request(ann_).created) << "after a failure the user may ask again";
}

TEST_P(ExportStoreTest, ANewReadyExportExpiresTheOldOneAndExpiryEndsTheLatest) {
  Request(ann_);
  const auto first = Claim("a");
  ASSERT_TRUE(first);
  db().WriteNow([&](db::Connection& c) { exports_.MarkReady(c, *first, 1, "\"1\"", kNow, kNow + 1000); });
  Request(ann_);
  const auto second = Claim("b");
  ASSERT_TRUE(second);
  auto live = db().ReadNow([&](db::Connection& c) { return exports_.LiveExports(c, kNow); });
  EXPECT_EQ(live.ready, std::vector<ExportId>{first->id});
  EXPECT_EQ(live.building, std::vector<ExportId>{second->id});
  db().WriteNow([&](db::Connection& c) { exports_.MarkReady(c, *second, 2, "\"2\"", kNow + 10, kNow + 2000); });
  live = db().ReadNow([&](db::Connection& c) { return exports_.LiveExports(c, kNow + 10); });
  EXPECT_EQ(live.ready, std::vector<ExportId>{second->id}) << "the replaced archive is no longer live";
  EXPECT_TRUE(live.building.empty());
  const auto expired = db().WriteNow([&](db::Connection& c) { return exports_.ExpireDue(c, kNow + 2000); });
  EXPECT_EQ(expired, std::vector<ExportId>{second->id});
  EXPECT_FALSE(db().ReadNow([&](db::Connection& c) { return exports_.Latest(c, ann_); }));
}

LENSLET_INSTANTIATE_DB_TEST(ExportStoreTest);

}  // namespace
}  // namespace lenslet::store

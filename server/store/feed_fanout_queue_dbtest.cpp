// A popular account's post reaches its followers' home feeds from the
// background queue (feed_fanout_queue.hpp): a batch at a time, the same rows
// a post's own unit writes, nothing for a deleted post, and no lock cycle
// with a deletion or between instances on PostgreSQL.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "db/testing/held_unit.hpp"
#include "store/feed_fanout_queue.hpp"
#include "store/follow_store.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class FeedFanOutQueueTest : public db::testing::DatabaseTest {
 protected:
  // Posts of accounts with more than two followers are queued.
  void SetUp() override {
    DatabaseTest::SetUp();
    FeedFanOutQueue::SetInlineFollowers(2);
  }
  void TearDown() override {
    FeedFanOutQueue::SetInlineFollowers(FeedFanOutQueue::kDefaultInlineFollowers);
    DatabaseTest::TearDown();
  }

  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return UserStore().Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1'000});
        })
        .id;
  }
  // An account and `n` accepted followers, each following a millisecond later.
  std::vector<core::UserId> Followers(core::UserId followee, int n, const std::string& prefix) {
    std::vector<core::UserId> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(NewUserId(prefix + std::to_string(i)));
      db().WriteNow(
          [&](db::Connection& c) { FollowStore().Follow(c, out.back(), followee, false, 2'000 + i); });
    }
    return out;
  }
  core::PostId Post(core::UserId author, core::Millis at) {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{author, "", {}, {}, at}).id;
    });
  }
  bool HasRow(core::UserId owner, core::PostId post) {
    return db().ReadNow([&](db::Connection& c) {
      return !c.Exec("SELECT 1 FROM home_feed WHERE owner_id = $1 AND post_id = $2", owner, post).empty();
    });
  }
  std::int64_t Pending() {
    return db().ReadNow([&](db::Connection& c) { return FeedFanOutQueue().Pending(c); });
  }
  FeedFanOutQueue::Batch Deliver(std::int64_t followers) {
    return db().WriteNow([&](db::Connection& c) { return FeedFanOutQueue().DeliverBatch(c, followers); });
  }
};

TEST_P(FeedFanOutQueueTest, APopularAccountsPostReachesItsFollowersABatchAtATime) {
  const auto star = NewUserId("star");
  const auto fans = Followers(star, 5, "fan");
  // A follower whose window starts after the post gets no row, as in the
  // post's own unit; one who only asked (a private account's pending
  // request) gets none either.
  db().WriteNow(
      [&](db::Connection& c) { c.Exec("UPDATE users SET feed_since = 10000 WHERE id = $1", fans[4]); });
  const auto asker = NewUserId("asker");
  db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, asker, star, true, 2'500); });

  const auto post = Post(star, 5'000);
  EXPECT_TRUE(HasRow(star, post)) << "the author sees their post at once";
  for (const auto fan : fans) EXPECT_FALSE(HasRow(fan, post)) << "delivered in the post's unit";
  EXPECT_EQ(Pending(), 1);

  auto batch = Deliver(2);
  EXPECT_TRUE(batch.found);
  EXPECT_EQ(batch.post, post);
  EXPECT_EQ(batch.rows, 2);
  EXPECT_FALSE(batch.done);
  EXPECT_TRUE(HasRow(fans[0], post));
  EXPECT_TRUE(HasRow(fans[1], post));
  EXPECT_FALSE(HasRow(fans[2], post)) << "the batch went past its size";

  batch = Deliver(2);
  EXPECT_EQ(batch.rows, 2);
  EXPECT_FALSE(batch.done);
  batch = Deliver(2);  // fans[4] only, whose window is above the post
  EXPECT_TRUE(batch.found);
  EXPECT_EQ(batch.rows, 0);
  EXPECT_TRUE(batch.done);

  for (int i = 0; i < 4; ++i) EXPECT_TRUE(HasRow(fans[i], post)) << "fan" << i;
  EXPECT_FALSE(HasRow(fans[4], post));
  EXPECT_FALSE(HasRow(asker, post));
  EXPECT_EQ(Pending(), 0);
  EXPECT_FALSE(Deliver(2).found);
}

TEST_P(FeedFanOutQueueTest, AnAccountWithFewFollowersStillFansOutInThePostsUnit) {
  const auto ann = NewUserId("ann");
  const auto fans = Followers(ann, 2, "f");
  const auto post = Post(ann, 5'000);
  EXPECT_EQ(Pending(), 0);
  for (const auto fan : fans) EXPECT_TRUE(HasRow(fan, post));
}

// Follows made while the walk is under way get the post from the follow's
// own copy, at once: one whose follow sorts after the walk's position, one
// that sorts before it (another instance's slower clock), and a re-follow.
TEST_P(FeedFanOutQueueTest, AFollowDuringTheDeliveryGetsThePostFromItsOwnCopy) {
  const auto star = NewUserId("star");
  const auto fans = Followers(star, 4, "fan");  // followed at 2,000 … 2,003
  const auto post = Post(star, 5'000);
  EXPECT_FALSE(Deliver(2).done);  // the walk is at fan1 (2,001)
  const auto late = NewUserId("late");
  db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, late, star, false, 6'000); });
  EXPECT_TRUE(HasRow(late, post));
  const auto behind = NewUserId("behind");
  db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, behind, star, false, 1'500); });
  EXPECT_TRUE(HasRow(behind, post))
      << "a follow sorting before the walk's position never gets it from the walk";
  db().WriteNow([&](db::Connection& c) {
    c.Exec("DELETE FROM home_feed WHERE owner_id = $1", fans[0]);
    FollowStore().Unfollow(c, fans[0], star);
    FollowStore().Follow(c, fans[0], star, false, 1'000);
  });
  EXPECT_TRUE(HasRow(fans[0], post));
  while (!Deliver(2).done) {
  }
  for (const auto fan : fans) EXPECT_TRUE(HasRow(fan, post));
  EXPECT_EQ(Pending(), 0);
}

// Posts take turns: one to many followers does not hold up the next.
TEST_P(FeedFanOutQueueTest, QueuedPostsTakeTurns) {
  const auto star = NewUserId("star");
  const auto fans = Followers(star, 6, "fan");
  const auto first = Post(star, 5'000);
  EXPECT_EQ(Deliver(2).post, first);
  const auto second = Post(star, 6'000);
  EXPECT_EQ(Deliver(2).post, second) << "a new post waited for the rest of a long delivery";
  EXPECT_EQ(Deliver(2).post, first);
  EXPECT_EQ(Deliver(2).post, second);
}

TEST_P(FeedFanOutQueueTest, DeletingAQueuedPostEndsItsDelivery) {
  const auto star = NewUserId("star");
  const auto fans = Followers(star, 4, "fan");
  const auto post = Post(star, 5'000);
  EXPECT_FALSE(Deliver(2).done);
  db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, post); });
  EXPECT_EQ(Pending(), 0);
  EXPECT_FALSE(Deliver(2).found);
  for (const auto fan : fans) EXPECT_FALSE(HasRow(fan, post));
}

// A batch holds the post (FOR KEY SHARE) before its queue row, the order a
// deletion takes them in: a deletion waits for the batch, then ends the
// delivery; a batch that comes second skips the post being deleted, without
// waiting. Neither deadlocks (PostgreSQL would abort one after a second).
TEST_P(FeedFanOutQueueTest, ADeletionWaitsForABatchAndABatchSkipsAPostBeingDeleted) {
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "one write unit at a time on SQLite";
  const auto star = NewUserId("star");
  const auto fans = Followers(star, 4, "fan");
  const auto post = Post(star, 5'000);
  {
    FeedFanOutQueue::Batch held_batch;
    db::testing::HeldUnit batch(
        db(), [&](db::Connection& c) { held_batch = FeedFanOutQueue().DeliverBatch(c, 2); });
    EXPECT_TRUE(held_batch.found);
    std::thread deletion([&] { db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, post); }); });
    EXPECT_TRUE(db::testing::WaitForWaiterOn(db(), batch.pid())) << "the deletion did not wait for the batch";
    batch.Release(true);
    deletion.join();
  }
  EXPECT_EQ(Pending(), 0);

  const auto second = Post(star, 6'000);
  {
    db::testing::HeldUnit deletion(db(), [&](db::Connection& c) { PostStore().Delete(c, second); });
    EXPECT_FALSE(Deliver(2).found) << "the batch took a post being deleted";
    deletion.Release(true);
  }
  EXPECT_EQ(Pending(), 0);
  for (const auto fan : fans) EXPECT_FALSE(HasRow(fan, second));

  // A deletion rolled back leaves the post queued, for the next look.
  const auto third = Post(star, 7'000);
  {
    db::testing::HeldUnit deletion(db(), [&](db::Connection& c) { PostStore().Delete(c, third); });
    EXPECT_FALSE(Deliver(2).found);
    deletion.Release(false);
  }
  while (!Deliver(2).done) {
  }
  for (const auto fan : fans) EXPECT_TRUE(HasRow(fan, third));
}

// Two instances drain one queue: a batch skips the post another holds and
// delivers the next one.
TEST_P(FeedFanOutQueueTest, TwoInstancesDeliverDifferentPosts) {
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "one write unit at a time on SQLite";
  const auto star = NewUserId("star");
  Followers(star, 4, "fan");
  const auto first = Post(star, 5'000);
  const auto second = Post(star, 6'000);
  FeedFanOutQueue::Batch held_batch;
  db::testing::HeldUnit held(db(),
                             [&](db::Connection& c) { held_batch = FeedFanOutQueue().DeliverBatch(c, 2); });
  EXPECT_EQ(held_batch.post, first);
  const auto other = Deliver(2);
  EXPECT_TRUE(other.found);
  EXPECT_EQ(other.post, second);
  held.Release(true);
}

LENSLET_INSTANTIATE_DB_TEST(FeedFanOutQueueTest);

}  // namespace
}  // namespace lenslet::store

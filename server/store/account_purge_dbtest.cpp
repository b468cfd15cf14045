// The purge of a deleted account (account_deletion_store.hpp) works in
// bounded units whatever the account's reach: deleting a post cascades into
// its followers' feed rows, its likes, saves and comments, so those go first,
// a batch at a time, and no unit deletes more than its batch of them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/comment_store.hpp"
#include "store/feed_fanout_queue.hpp"
#include "store/follow_store.hpp"
#include "store/like_store.hpp"
#include "store/post_store.hpp"
#include "store/save_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::store {
namespace {

class AccountPurgeTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) { return testing::NewTestUser(db(), name); }
  // The rows a deletion of `author`'s posts would cascade into.
  std::int64_t RowsUnderPostsOf(core::UserId author) {
    return db().ReadNow([&](db::Connection& c) {
      return c
          .Exec(
              "SELECT (SELECT count(*) FROM home_feed h JOIN posts p ON p.id = h.post_id "
              "WHERE p.author_id = $1) + (SELECT count(*) FROM likes l JOIN posts p ON p.id = l.post_id "
              "WHERE p.author_id = $1) + (SELECT count(*) FROM saves s JOIN posts p ON p.id = s.post_id "
              "WHERE p.author_id = $1) + (SELECT count(*) FROM comments cm JOIN posts p ON p.id = cm.post_id "
              "WHERE p.author_id = $1)",
              author)
          .one()
          .Int(0);
    });
  }
};

TEST_P(AccountPurgeTest, NoUnitDeletesMoreThanItsBatchOfWhatHangsOffThePosts) {
  const auto star = NewUserId("star");
  std::vector<core::UserId> fans;
  for (int i = 0; i < 30; ++i) fans.push_back(NewUserId("fan" + std::to_string(i)));
  for (const auto fan : fans) {
    db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, fan, star, false, 10); });
  }
  std::vector<core::PostId> posts;
  for (int i = 0; i < 6; ++i) {
    posts.push_back(db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{star, "", {}, {}, 100 + i}).id;
    }));
  }
  for (const auto fan : fans) {
    for (const auto post : posts) {
      db().WriteNow([&](db::Connection& c) {
        LikeStore().Like(c, fan, post, 200);
        SaveStore().Save(c, fan, post, 200);
        CommentStore().Insert(c, post, fan, "so good", 200);
      });
    }
  }
  ASSERT_EQ(RowsUnderPostsOf(star),
            6 * 31 + 3 * 6 * 30);  // each fan's feed and the star's own; likes, saves, comments

  const AccountDeletionStore deletion;
  ASSERT_TRUE(db().WriteNow([&](db::Connection& c) { return deletion.Deactivate(c, star, 1'000, 1'000); }));
  const auto claim =
      db().WriteNow([&](db::Connection& c) { return deletion.ClaimDue(c, 1'000, 60'000, "t"); });
  ASSERT_TRUE(claim);
  constexpr int kBatch = 10;
  bool finished = false;
  for (int step = 0; step < 500 && !finished; ++step) {
    const auto before = RowsUnderPostsOf(star);
    finished =
        db().WriteNow([&](db::Connection& c) { return deletion.PurgeStep(c, *claim, 1'000, 60'000, kBatch); })
            .finished;
    EXPECT_LE(before - RowsUnderPostsOf(star), kBatch) << "step " << step;
  }
  ASSERT_TRUE(finished);
  EXPECT_EQ(RowsUnderPostsOf(star), 0);
  EXPECT_EQ(db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT count(*) FROM home_feed WHERE author_id = $1 OR owner_id = $1", star).one().Int(0);
  }),
            0);
}

// A popular account's posts still being delivered (FeedFanOutQueue) stop
// being delivered when the purge starts: the deliveries would go on writing
// the feed rows the purge deletes.
TEST_P(AccountPurgeTest, QueuedDeliveriesOfThePostsStopWhenThePurgeStarts) {
  FeedFanOutQueue::SetInlineFollowers(1);
  const auto star = NewUserId("star");
  for (int i = 0; i < 4; ++i) {
    const auto fan = NewUserId("fan" + std::to_string(i));
    db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, fan, star, false, 10); });
  }
  db().WriteNow([&](db::Connection& c) { return PostStore().Insert(c, NewPost{star, "", {}, {}, 100}).id; });
  FeedFanOutQueue::SetInlineFollowers(FeedFanOutQueue::kDefaultInlineFollowers);
  const auto queued = [&] { return db().ReadNow([&](db::Connection& c) { return FeedFanOutQueue().Pending(c); }); };
  ASSERT_EQ(queued(), 1);

  const AccountDeletionStore deletion;
  ASSERT_TRUE(db().WriteNow([&](db::Connection& c) { return deletion.Deactivate(c, star, 1'000, 1'000); }));
  EXPECT_EQ(queued(), 1) << "a deactivated account may come back: its posts are still delivered";
  const auto claim = db().WriteNow([&](db::Connection& c) { return deletion.ClaimDue(c, 1'000, 60'000, "t"); });
  ASSERT_TRUE(claim);
  db().WriteNow([&](db::Connection& c) { deletion.PurgeStep(c, *claim, 1'000, 60'000, 10); });
  EXPECT_EQ(queued(), 0);
}

LENSLET_INSTANTIATE_DB_TEST(AccountPurgeTest);

}  // namespace
}  // namespace lenslet::store

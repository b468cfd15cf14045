// The materialised home feed (home_feed_store.hpp) shows exactly what the
// feed by fan-out on read shows (FeedStore::Home, the rule): under every
// write that changes who sees what, page after page, on both databases.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "db/testing/held_unit.hpp"
#include "store/block_store.hpp"
#include "store/feed_fanout_queue.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/home_feed_store.hpp"
#include "store/home_feed_trim.hpp"
#include "store/plain_follow.hpp"
#include "store/post_store.hpp"
#include "store/quiet_store.hpp"
#include "store/suspension_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class HomeFeedTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    const auto id = db().WriteNow([&](db::Connection& c) {
                          return UserStore().Insert(
                              c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1'000});
                        })
                        .id;
    if (is_private) {
      db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE users SET is_private = 1 WHERE id = $1", id); });
    }
    names_.push_back(name);
    return id;
  }
  core::PostId Post(core::UserId author, core::Millis at) {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{author, "", {}, {}, at}).id;
    });
  }
  // As POST /users/{u}/follow writes it: on PostgreSQL the one statement
  // when it applies, else the unit's FollowStore::Follow.
  void Follow(core::UserId follower, core::UserId followee, const std::string& username, bool is_private) {
    if (dialect() == db::Dialect::kPostgres) {
      const auto written =
          db().WriteNow([&](db::Connection& c) { return FollowIfPlain(c, follower, username, 50); });
      if (written) return;
    }
    db().WriteNow([&](db::Connection& c) { FollowStore().Follow(c, follower, followee, is_private, 50); });
  }
  void Unfollow(core::UserId follower, core::UserId followee) {
    db().WriteNow([&](db::Connection& c) { FollowStore().Unfollow(c, follower, followee); });
  }
  void MuteOrUnmute(core::UserId muter, core::UserId muted, bool mute, core::Millis now) {
    db().WriteNow([&](db::Connection& c) {
      if (mute) {
        MuteStore().Mute(c, muter, muted, now);
      } else {
        MuteStore().Unmute(c, muter, muted);
      }
    });
  }
  // As POST /users/{u}/block writes it.
  void Block(core::UserId blocker, core::UserId blocked) {
    db().WriteNow([&](db::Connection& c) {
      BlockStore().Block(c, blocker, blocked, 60);
      FollowStore().Unfollow(c, blocker, blocked);
      FollowStore().Unfollow(c, blocked, blocker);
    });
  }
  // The rule: every post the fan-out-on-read feed shows, newest first.
  std::vector<core::PostId> Rule(core::UserId viewer) {
    return db().ReadNow([&](db::Connection& c) { return FeedStore().Home(c, viewer, {}, 100'000); });
  }
  // What the materialised feed shows, walked a page of `size` at a time as
  // a client pages with nextCursor.
  std::vector<core::PostId> Paged(core::UserId viewer, int size) {
    std::vector<core::PostId> out;
    std::optional<PostPosition> before;
    for (int pages = 0; pages < 1'000; ++pages) {
      const auto page =
          db().ReadNow([&](db::Connection& c) { return FeedStore().HomePosts(c, viewer, before, size); });
      for (const auto& post : page) out.push_back(post.id);
      if (std::ssize(page) < size) return out;
      before = PostPosition{page.back().created_at, page.back().id};
    }
    ADD_FAILURE() << "the feed never ended";
    return out;
  }
  std::int64_t Rows(core::UserId owner) {
    return db().ReadNow([&](db::Connection& c) {
      return c.Exec("SELECT count(*) FROM home_feed WHERE owner_id = $1", owner).one().Int(0);
    });
  }
  std::int64_t FeedSince(core::UserId owner) {
    return db().ReadNow([&](db::Connection& c) {
      return c.Exec("SELECT feed_since FROM users WHERE id = $1", owner).one().Int(0);
    });
  }

  // Every viewer's feed, walked in pages of 1, 3 and 20, is the rule.
  void ExpectPagesFollowTheRule(const std::vector<core::UserId>& viewers, int step) {
    for (std::size_t v = 0; v < viewers.size(); ++v) {
      const auto rule = Rule(viewers[v]);
      for (const int size : {1, 3, 20}) {
        EXPECT_EQ(Paged(viewers[v], size), rule)
            << "viewer " << v << ", step " << step << ", pages of " << size;
      }
    }
  }
  // A trim as the sweep runs it: the window's unit, then the deletions in
  // batches of two. Returns the rows deleted.
  std::int64_t Trim(core::UserId owner, std::int64_t keep) {
    const HomeFeedTrim trims;
    if (!db().WriteNow([&](db::Connection& c) { return trims.RaiseWindow(c, owner, keep); })) return 0;
    std::int64_t deleted = 0;
    for (;;) {
      const auto batch = db().WriteNow([&](db::Connection& c) { return trims.DropBelowWindow(c, owner, 2); });
      EXPECT_LE(batch, 2);
      deleted += batch;
      if (batch < 2) return deleted;
    }
  }

  // One batch of the queued fan-outs (`followers` each), as the worker runs it.
  bool Deliver(std::int64_t followers) {
    const auto batch =
        db().WriteNow([&](db::Connection& c) { return FeedFanOutQueue().DeliverBatch(c, followers); });
    delivered_rows_ += batch.rows;
    if (batch.found && !batch.done) ++partly_delivered_;
    return batch.found;
  }
  void DeliverAll() {
    for (int batches = 0; Deliver(2); ++batches) ASSERT_LT(batches, 10'000) << "the queue never emptied";
    EXPECT_EQ(db().ReadNow([&](db::Connection& c) { return FeedFanOutQueue().Pending(c); }), 0);
  }
  void RandomWritesFollowTheRule(bool queued);

  // FeedFanOutQueue::InlineFollowers is the process's: set for one test.
  struct InlineFollowersForTest {
    explicit InlineFollowersForTest(std::int64_t followers) { FeedFanOutQueue::SetInlineFollowers(followers); }
    ~InlineFollowersForTest() {
      FeedFanOutQueue::SetInlineFollowers(FeedFanOutQueue::kDefaultInlineFollowers);
    }
  };

  std::vector<std::string> names_;
  std::int64_t delivered_rows_ = 0;
  std::int64_t partly_delivered_ = 0;
};

// Random writes of every kind that changes a feed, checked against the rule
// for everyone after each burst, in pages of 1, 3 and 20.
TEST_P(HomeFeedTest, ShowsWhatFanOutOnReadShowsUnderEveryKindOfWrite) { RandomWritesFollowTheRule(false); }

// The same with every post of an account with more than one follower
// queued (FeedFanOutQueue): delivered a batch of two followers at a time
// between the writes, and the queue drained before each check.
TEST_P(HomeFeedTest, QueuedFanOutsShowWhatFanOutOnReadShowsOnceDelivered) {
  const InlineFollowersForTest one(1);
  RandomWritesFollowTheRule(true);
}

void HomeFeedTest::RandomWritesFollowTheRule(bool queued) {
  std::vector<core::UserId> users;
  std::vector<bool> is_private;
  for (int i = 0; i < 9; ++i) {
    is_private.push_back(i % 3 == 2);
    users.push_back(NewUserId("u" + std::to_string(i), is_private.back()));
  }
  // u0 has more posts than a follow copies: whoever follows u0 gets a
  // window, and older posts come from below it.
  for (int i = 0; i < HomeFeedStore::kFollowCopies + 5; ++i) Post(users[0], 100 + i);
  std::mt19937 rng(7);
  const auto pick = [&] { return std::uniform_int_distribution<std::size_t>(0, users.size() - 1)(rng); };
  std::vector<core::PostId> posts;
  core::Millis now = 1'000;
  for (int step = 0; step < 240; ++step) {
    const auto a = pick();
    auto b = pick();
    if (a == b) b = (b + 1) % users.size();
    const int what = std::uniform_int_distribution<int>(0, queued ? 13 : 11)(rng);
    // Some times repeat, and some posts come with old dates (an import).
    now += std::uniform_int_distribution<int>(0, 2)(rng);
    switch (what) {
      case 0:
      case 1:
      case 2:
        posts.push_back(Post(users[a], now));
        break;
      case 3:
        posts.push_back(Post(users[a], now - 1'000 + std::uniform_int_distribution<int>(0, 300)(rng)));
        break;
      case 4:
      case 5:
        Follow(users[a], users[b], names_[b], is_private[b]);
        break;
      case 6:
        db().WriteNow([&](db::Connection& c) { FollowStore().Accept(c, users[b], users[a], now); });
        break;
      case 7:
        Unfollow(users[a], users[b]);
        break;
      case 8:
        if (step % 4 == 0) Block(users[a], users[b]);
        if (step % 4 == 1)
          db().WriteNow([&](db::Connection& c) { BlockStore().Unblock(c, users[a], users[b]); });
        break;
      case 9:
        MuteOrUnmute(users[a], users[b], step % 2 == 0, now);
        break;
      case 10:
        if (!posts.empty()) {
          const auto victim = posts[std::uniform_int_distribution<std::size_t>(0, posts.size() - 1)(rng)];
          db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, victim); });
        }
        break;
      case 11:
        db().WriteNow([&](db::Connection& c) {
          if (step % 3 == 0) {
            SuspensionStore().Put(c, users[a], "test", std::nullopt, users[b], now);
          } else if (step % 3 == 1) {
            SuspensionStore().Lift(c, users[a]);
          } else {
            FollowStore().AcceptAll(c, users[a], now);
          }
        });
        break;
      case 12:
      case 13:
        Deliver(2);
        break;
    }
    if (step % 40 == 39) {
      if (queued) DeliverAll();
      ExpectPagesFollowTheRule(users, step);
    }
  }
  if (queued) {
    EXPECT_GT(delivered_rows_, 20) << "the queue delivered next to nothing: the queued path went untested";
    EXPECT_GT(partly_delivered_, 0) << "no post was ever between batches when the writes went on";
  }
  std::int64_t windows = 0;
  for (const auto user : users) windows += FeedSince(user) > 0 ? 1 : 0;
  EXPECT_GT(windows, 0) << "no feed had a window: the path below it went untested";
  // The seed's fill writes the same feeds from scratch.
  db().WriteNow([&](db::Connection& c) {
    c.Exec("DELETE FROM home_feed");
    HomeFeedStore().Fill(c, users.front(), users[users.size() / 2]);
    HomeFeedStore().Fill(c, core::UserId(users[users.size() / 2].value + 1), users.back());
  });
  for (std::size_t v = 0; v < users.size(); ++v) EXPECT_EQ(Paged(users[v], 4), Rule(users[v])) << "u" << v;
}

// A follow copies at most kFollowCopies posts; the window closes above the
// rest, which the page reads by fan-out on read, in order and without a gap.
TEST_P(HomeFeedTest, AFollowCopiesABoundedNumberOfPostsAndTheRestAreReadBelowTheWindow) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat");
  const auto many = HomeFeedStore::kFollowCopies + 5;
  for (int i = 0; i < many; ++i) Post(bob, 100 + i / 2);  // pairs share a time
  for (int i = 0; i < 6; ++i) Post(cat, 90 + 10 * i);
  Follow(ann, cat, "cat", false);
  EXPECT_EQ(FeedSince(ann), 0);
  Follow(ann, bob, "bob", false);
  EXPECT_GT(FeedSince(ann), 100);
  EXPECT_LE(Rows(ann), HomeFeedStore::kFollowCopies + 6);
  const auto rule = Rule(ann);
  ASSERT_EQ(rule.size(), static_cast<std::size_t>(many + 6));
  EXPECT_EQ(Paged(ann, 20), rule);
  EXPECT_EQ(Paged(ann, 7), rule);
  // New posts land in the window.
  Post(cat, 10'000);
  EXPECT_EQ(Paged(ann, 20), Rule(ann));
  EXPECT_EQ(Rule(ann).size(), static_cast<std::size_t>(many + 7));
}

// An unfollow or a block takes the followee's rows out of the feed; a row a
// race leaves behind shows nothing, a private account's posts above all.
TEST_P(HomeFeedTest, AnUnfollowOrABlockTakesTheRowsAndWhatARaceLeavesShowsNothing) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob", true);
  const auto cat = NewUserId("cat");
  Follow(ann, bob, "bob", true);
  db().WriteNow([&](db::Connection& c) { FollowStore().Accept(c, ann, bob, 5); });
  Follow(ann, cat, "cat", false);
  const auto secret = Post(bob, 10);
  const auto open = Post(cat, 11);
  EXPECT_EQ(Paged(ann, 20), (std::vector<core::PostId>{open, secret}));
  db().WriteNow([&](db::Connection& c) { FollowStore().Unfollow(c, ann, bob); });
  Block(cat, ann);
  EXPECT_EQ(Rows(ann), 0);
  EXPECT_TRUE(Paged(ann, 20).empty());
  // What a race could leave (a copy that read the follow before the unfollow
  // committed): a row is a candidate, never a permission.
  db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO home_feed (owner_id, created_at, post_id, author_id) VALUES ($1, 10, $2, $3), "
           "($1, 11, $4, $5)",
           ann, secret, bob, open, cat);
  });
  EXPECT_TRUE(Paged(ann, 20).empty());
  // A request is not a follow: still nothing.
  Follow(ann, bob, "bob", true);
  EXPECT_TRUE(Paged(ann, 20).empty());
}

// A deleted post's rows go with it; a post is in its author's own feed.
TEST_P(HomeFeedTest, ADeletedPostLeavesEveryFeed) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  Follow(ann, bob, "bob", false);
  const auto post = Post(bob, 10);
  EXPECT_EQ(Paged(ann, 20), std::vector<core::PostId>{post});
  EXPECT_EQ(Paged(bob, 20), std::vector<core::PostId>{post});
  db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, post); });
  EXPECT_EQ(Rows(ann) + Rows(bob), 0);
}

// A trim keeps each feed's newest rows and raises its window above the rest:
// under posts (new and old-dated), follows, unfollows and mutes between
// trims, every page still shows what the rule shows.
TEST_P(HomeFeedTest, TrimmedFeedsShowWhatTheRuleShows) {
  std::vector<core::UserId> users;
  for (int i = 0; i < 6; ++i) users.push_back(NewUserId("t" + std::to_string(i)));
  std::mt19937 rng(11);
  const auto pick = [&] { return std::uniform_int_distribution<std::size_t>(0, users.size() - 1)(rng); };
  const HomeFeedTrim trims;
  std::int64_t deleted = 0;
  std::int64_t trimmed_feeds = 0;
  core::Millis now = 1'000;
  for (int step = 0; step < 180; ++step) {
    const auto a = pick();
    auto b = pick();
    if (a == b) b = (b + 1) % users.size();
    now += std::uniform_int_distribution<int>(0, 2)(rng);
    switch (std::uniform_int_distribution<int>(0, 7)(rng)) {
      case 0:
      case 1:
      case 2:
        Post(users[a], now);
        break;
      case 3:
        Post(users[a], now - 500 + std::uniform_int_distribution<int>(0, 400)(rng));
        break;
      case 4:
        Follow(users[a], users[b], names_[b], false);
        break;
      case 5:
        Unfollow(users[a], users[b]);
        break;
      case 6:
        MuteOrUnmute(users[a], users[b], step % 2 == 0, now);
        break;
      case 7: {
        const std::int64_t keep = std::uniform_int_distribution<int>(1, 6)(rng);
        const auto owners = db().ReadNow(
            [&](db::Connection& c) { return trims.Overfull(c, users.front(), users.back(), keep); });
        for (const auto owner : owners) {
          const auto rows = Rows(owner);
          deleted += Trim(owner, keep);
          ++trimmed_feeds;
          EXPECT_LT(Rows(owner), rows) << "an overfull feed lost no row";
        }
        break;
      }
    }
    if (step % 30 == 29) ExpectPagesFollowTheRule(users, step);
  }
  EXPECT_GT(trimmed_feeds, 0) << "no feed was ever overfull: the trim went untested";
  EXPECT_GT(deleted, 0);
  // Everything trimmed down to one row each: every page beyond the first
  // post comes from below the window, and still in order.
  for (const auto owner : users) Trim(owner, 1);
  for (std::size_t v = 0; v < users.size(); ++v) {
    EXPECT_LE(Rows(users[v]), 3) << "t" << v;  // one, or the few sharing its time
    EXPECT_EQ(Paged(users[v], 2), Rule(users[v])) << "t" << v;
  }
}

// Rows below the window (a window a follow raised, a race's or an old-dated
// import's rows) go with the trim's: the feed keeps only its window.
TEST_P(HomeFeedTest, ATrimTakesTheRowsBelowTheWindowToo) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  Follow(ann, bob, "bob", false);
  for (int i = 0; i < 5; ++i) Post(bob, 100 + i);
  db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE users SET feed_since = 103 WHERE id = $1", ann); });
  // The window holds 103 and 104: keep one, and 100..103 go.
  EXPECT_EQ(Trim(ann, 1), 4);
  EXPECT_EQ(FeedSince(ann), 104);
  EXPECT_EQ(Rows(ann), 1);
  EXPECT_EQ(Paged(ann, 2), Rule(ann));
  EXPECT_EQ(Rule(ann).size(), 5u);
  // Nothing more to trim.
  EXPECT_EQ(Trim(ann, 1), 0);
}

// PostgreSQL: a trim that read its cut before a follow closed the same
// window higher waits for the follow's unit (both take the owner's row) and
// then keeps the follow's window: lowering it would put the posts the follow
// left uncopied inside the window, with no rows, and the pages would skip
// them.
TEST_P(HomeFeedTest, ATrimBesideAFollowThatClosedTheWindowHigherKeepsTheHigherWindow) {
  if (dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "one write unit at a time on SQLite";
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat");
  for (int i = 0; i < 10; ++i) Post(cat, 1'000 + i);
  for (int i = 0; i < HomeFeedStore::kFollowCopies + 5; ++i) Post(bob, 2'000 + i);
  Follow(ann, cat, "cat", false);
  // The follow of bob copies his newest posts and closes ann's window at
  // 2,005, and holds ann's row until released.
  db::testing::HeldUnit follow(db(),
                               [&](db::Connection& c) { FollowStore().Follow(c, ann, bob, false, 3'000); });
  // The trim's cut, from the ten rows it sees, is 1,006: it waits at its raise.
  std::int64_t deleted = -1;
  std::thread trim([&] { deleted = Trim(ann, 3); });
  ASSERT_TRUE(db::testing::WaitForWaiterOn(db(), follow.pid())) << "the trim never waited for the follow";
  follow.Release(true);
  trim.join();
  EXPECT_EQ(FeedSince(ann), 2'005);
  EXPECT_EQ(deleted, 10);  // cat's rows, all below the follow's window
  const auto rule = Rule(ann);
  ASSERT_EQ(rule.size(), 10u + HomeFeedStore::kFollowCopies + 5);
  EXPECT_EQ(Paged(ann, 20), rule);
  EXPECT_EQ(Paged(ann, 7), rule);
}

LENSLET_INSTANTIATE_DB_TEST(HomeFeedTest);

}  // namespace
}  // namespace lenslet::store

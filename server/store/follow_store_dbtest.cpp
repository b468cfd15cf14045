#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class FollowStoreTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return users_.Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1'000});
        })
        .id;
  }
  UserRow Load(core::UserId id) {
    return *db().ReadNow([&](db::Connection& c) { return users_.FindById(c, id); });
  }
  void ExpectCounts(core::UserId id, std::int64_t followers, std::int64_t following) {
    const auto row = Load(id);
    EXPECT_EQ(row.follower_count, followers) << row.username;
    EXPECT_EQ(row.following_count, following) << row.username;
  }
  FollowChange Follow(core::UserId a, core::UserId b, bool needs_approval = false, core::Millis now = 2'000) {
    return db().WriteNow([&](db::Connection& c) { return follows_.Follow(c, a, b, needs_approval, now); });
  }
  FollowChange Unfollow(core::UserId a, core::UserId b) {
    return db().WriteNow([&](db::Connection& c) { return follows_.Unfollow(c, a, b); });
  }

  UserStore users_;
  FollowStore follows_;
  BlockStore blocks_;
};

TEST_P(FollowStoreTest, FollowIsIdempotentAndCountsAcceptedOnly) {
  const auto alice = NewUserId("alice");
  const auto bob = NewUserId("bob");
  EXPECT_EQ(Follow(alice, bob).after, FollowState::kFollowing);
  const auto again = Follow(alice, bob);
  EXPECT_FALSE(again.changed());
  EXPECT_EQ(again.after, FollowState::kFollowing);
  ExpectCounts(alice, 0, 1);
  ExpectCounts(bob, 1, 0);

  // A request to a private account counts nothing until accepted.
  const auto carol = NewUserId("carol");
  EXPECT_EQ(Follow(alice, carol, true).after, FollowState::kRequested);
  ExpectCounts(alice, 0, 1);
  ExpectCounts(carol, 0, 0);
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return follows_.Accept(c, alice, carol, 3'000); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return follows_.Accept(c, alice, carol, 3'000); }));
  ExpectCounts(alice, 0, 2);
  ExpectCounts(carol, 1, 0);

  EXPECT_EQ(Unfollow(alice, bob).before, FollowState::kFollowing);
  EXPECT_EQ(Unfollow(alice, bob).before, FollowState::kNone);
  ExpectCounts(alice, 0, 1);
  ExpectCounts(bob, 0, 0);

  // Cancelling or declining a request leaves the counters alone.
  const auto dave = NewUserId("dave");
  Follow(dave, carol, true);
  EXPECT_EQ(Unfollow(dave, carol).before, FollowState::kRequested);
  Follow(dave, carol, true);
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return follows_.Decline(c, dave, alice); }));
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return follows_.Decline(c, dave, carol); }));
  // Decline never removes an accepted follow.
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return follows_.Decline(c, alice, carol); }));
  ExpectCounts(carol, 1, 0);
  ExpectCounts(dave, 0, 0);
}

TEST_P(FollowStoreTest, AcceptAllCountsEveryAcceptedRequest) {
  const auto owner = NewUserId("owner");
  std::vector<core::UserId> fans;
  for (int i = 0; i < 4; ++i) fans.push_back(NewUserId("fan" + std::to_string(i)));
  for (const auto fan : fans) Follow(fan, owner, true);
  Follow(owner, fans[0]);
  const auto accepted = db().WriteNow([&](db::Connection& c) { return follows_.AcceptAll(c, owner, 5'000); });
  EXPECT_EQ(accepted.size(), fans.size());
  ExpectCounts(owner, 4, 1);
  ExpectCounts(fans[0], 1, 1);
  for (std::size_t i = 1; i < fans.size(); ++i) ExpectCounts(fans[i], 0, 1);
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return follows_.AcceptAll(c, owner, 6'000); }).empty());
}

TEST_P(FollowStoreTest, CountersStayExactUnderConcurrentFollowAndUnfollow) {
  const auto star = NewUserId("star");
  std::vector<core::UserId> fans;
  for (int i = 0; i < 4; ++i) fans.push_back(NewUserId("fan" + std::to_string(i)));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        // Every thread works on every fan, and the star follows back, so units
        // contend on the same rows in both directions.
        const auto fan = fans[static_cast<std::size_t>((t + i) % 4)];
        if (i % 3 == 2) {
          Unfollow(fan, star);
          Unfollow(star, fan);
        } else {
          Follow(fan, star);
          Follow(star, fan);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::int64_t following_star = 0;
  std::int64_t followed_by_star = 0;
  db().ReadNow([&](db::Connection& c) {
    for (const auto fan : fans) {
      following_star += follows_.StateOf(c, fan, star) == FollowState::kFollowing;
      const bool star_follows = follows_.StateOf(c, star, fan) == FollowState::kFollowing;
      followed_by_star += star_follows;
      const auto row = users_.FindById(c, fan);
      EXPECT_EQ(row->following_count, follows_.StateOf(c, fan, star) == FollowState::kFollowing ? 1 : 0);
      EXPECT_EQ(row->follower_count, star_follows ? 1 : 0);
    }
  });
  ExpectCounts(star, following_star, followed_by_star);
}

TEST_P(FollowStoreTest, ListsAreNewestFirstPagedAndCarryTheViewersRelationship) {
  const auto owner = NewUserId("owner");
  const auto viewer = NewUserId("viewer");
  std::vector<core::UserId> fans;
  for (int i = 0; i < 5; ++i) {
    fans.push_back(NewUserId("fan" + std::to_string(i)));
    Follow(fans.back(), owner, false, 10'000 + i);
  }
  Follow(viewer, fans[4]);
  Follow(viewer, fans[3], true);

  const auto page1 =
      db().ReadNow([&](db::Connection& c) { return follows_.Followers(c, owner, viewer, {}, 2); });
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].user.id, fans[4]);
  EXPECT_EQ(page1[0].viewer_state, FollowState::kFollowing);
  EXPECT_EQ(page1[1].user.id, fans[3]);
  EXPECT_EQ(page1[1].viewer_state, FollowState::kRequested);
  const auto page2 = db().ReadNow(
      [&](db::Connection& c) { return follows_.Followers(c, owner, viewer, page1.back().position, 10); });
  ASSERT_EQ(page2.size(), 3u);
  EXPECT_EQ(page2[0].user.id, fans[2]);
  EXPECT_EQ(page2[2].user.id, fans[0]);
  EXPECT_EQ(page2[0].viewer_state, FollowState::kNone);

  // Users blocked either way with the viewer are left out of lists.
  db().WriteNow([&](db::Connection& c) {
    blocks_.Block(c, viewer, fans[0], 20'000);
    blocks_.Block(c, fans[1], viewer, 20'000);
  });
  const auto filtered =
      db().ReadNow([&](db::Connection& c) { return follows_.Followers(c, owner, viewer, {}, 10); });
  EXPECT_EQ(filtered.size(), 3u);
  const auto anonymous =
      db().ReadNow([&](db::Connection& c) { return follows_.Followers(c, owner, core::UserId(0), {}, 10); });
  EXPECT_EQ(anonymous.size(), 5u);

  const auto following = db().ReadNow(
      [&](db::Connection& c) { return follows_.Following(c, fans[0], core::UserId(0), {}, 10); });
  ASSERT_EQ(following.size(), 1u);
  EXPECT_EQ(following[0].user.id, owner);
}

TEST_P(FollowStoreTest, ListsRunOneStatementWhateverThePageSize) {
  const auto owner = NewUserId("owner");
  const auto viewer = NewUserId("viewer");
  for (int i = 0; i < 30; ++i) {
    const auto fan = NewUserId("fan" + std::to_string(i));
    Follow(fan, owner, i % 2 == 0, 10'000 + i);
    Follow(owner, fan, false, 10'000 + i);
    if (i % 3 == 0) Follow(viewer, fan);
  }
  for (const int limit : {1, 5, 30}) {
    db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      follows_.Followers(c, owner, viewer, {}, limit);
      EXPECT_EQ(c.statements_executed() - before, 1) << limit;
      follows_.Following(c, owner, viewer, {}, limit);
      EXPECT_EQ(c.statements_executed() - before, 2) << limit;
      follows_.Requests(c, owner, {}, limit);
      EXPECT_EQ(c.statements_executed() - before, 3) << limit;
    });
  }
}

LENSLET_INSTANTIATE_DB_TEST(FollowStoreTest);

}  // namespace
}  // namespace lenslet::store

// What a follow and an unfollow cost the database (issue 16.3: every statement
// is a round trip and CPU on the database a cluster shares), on both backends:
// the write unit's statements and those of the live push after it.
#include <gtest/gtest.h>

#include "api/users/detail/follows.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/testing/test_users.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {
namespace {

class FollowStatementsTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  template <typename F>
  auto Write(F body) {
    return db().WriteNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      auto out = body(c);
      return std::pair(std::move(out), c.statements_executed() - before);
    });
  }
  std::pair<std::size_t, std::int64_t> Push(const std::vector<notifications::Created>& created) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      const auto rendered = notifications::RenderPushes(c, created).size();
      return std::pair(rendered, c.statements_executed() - before);
    });
  }
};

TEST_P(FollowStatementsTest, AFollowARequestAndAnUnfollowCostFewStatements) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  NewUserId("cat", true);

  const auto [follow, follow_cost] =
      Write([&](db::Connection& c) { return detail::StoreFollow(c, bob, "ann", 10); });
  EXPECT_TRUE(follow.user.at("followedByMe").as_bool());
  EXPECT_EQ(follow.user.at("followerCount").as_int64(), 1) << "the answer shows the new count";
  ASSERT_EQ(follow.notified.size(), 1u);
  EXPECT_EQ(follow.notified.front().recipient, ann);
  // Was 9: one statement for the user, the counts RETURNED; then 5, and two
  // more since the follow copies the followee's posts into the follower's
  // home feed (HomeFeedStore::CopyFollowed).
  EXPECT_EQ(follow_cost, 7);
  const auto [pushed, push_cost] = Push(follow.notified);
  EXPECT_EQ(pushed, 1u);
  EXPECT_EQ(push_cost, 1);  // was 2: the notification with the unread count

  const auto [again, again_cost] =
      Write([&](db::Connection& c) { return detail::StoreFollow(c, bob, "ann", 11); });
  EXPECT_TRUE(again.notified.empty());
  EXPECT_EQ(again.user.at("followerCount").as_int64(), 1);
  EXPECT_EQ(again_cost, 1);  // was 7: the follow state came with the user

  const auto [request, request_cost] =
      Write([&](db::Connection& c) { return detail::StoreFollow(c, bob, "cat", 12); });
  EXPECT_TRUE(request.user.at("requestedByMe").as_bool());
  EXPECT_EQ(request.user.at("followerCount").as_int64(), 0);
  EXPECT_EQ(request_cost, 3);  // was 7

  const auto [gone, unfollow_cost] =
      Write([&](db::Connection& c) { return detail::RemoveFollow(c, bob, "ann"); });
  EXPECT_FALSE(gone.at("followedByMe").as_bool());
  EXPECT_EQ(gone.at("followerCount").as_int64(), 0);
  // Was 9, then 5; one more takes the followee's posts out of the home feed.
  EXPECT_EQ(unfollow_cost, 6);
}

// The round trips of the whole request as its handler runs it: the write
// (FollowNow; an unfollow's unit), then the live push's read unit when the
// write left a notification to render (PostgreSQL: network round trips;
// SQLite: statements stepped; BEGIN and COMMIT included), as
// engagement_statements_dbtest.cpp counts a like's.
TEST_P(FollowStatementsTest, AFollowWithItsPushCostsOneRoundTripOnPostgres) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  NewUserId("dan");
  const auto cost = [&](auto write) {
    const auto start = db::RoundTrips(db());
    const auto created = write();
    if (!created.empty()) {
      db().ReadNow([&](db::Connection& c) { return notifications::RenderPushes(c, created).size(); });
    }
    return db::RoundTrips(db()) - start;
  };
  detail::FollowOutcome followed;
  const auto follow = [&](const char* who) {
    followed = detail::FollowNow(db(), bob, who, 10);
    return followed.notified;
  };
  const auto unfollow = [&](const char* who) {
    db().WriteNow([&](db::Connection& c) { return detail::RemoveFollow(c, bob, who); });
    return std::vector<notifications::Created>{};
  };
  // A connection prepares each statement once (PostgreSQL: more round trips).
  for (int i = 0; i < 2; ++i) {
    cost([&] { return follow("dan"); });
    cost([&] { return follow("dan"); });
    cost([&] { return unfollow("dan"); });
  }
  const bool pg = dialect() == db::Dialect::kPostgres;
  // PostgreSQL: the follow, both counters, the notification and its push in
  // one statement (it was 8: a unit of five statements, then the push's read).
  // SQLite: the unit (with the home feed's copy), then the push's read on the
  // same thread; either way the push comes rendered.
  EXPECT_EQ(cost([&] { return follow("ann"); }), pg ? 1 : 12);
  ASSERT_EQ(followed.rendered.size(), 1u);
  EXPECT_EQ(followed.rendered.front().first, ann);
  EXPECT_TRUE(followed.notified.empty());
  // Already following: the statement writes nothing and the unit answers.
  EXPECT_EQ(cost([&] { return follow("ann"); }), 3) << "already following: the user, nobody told";
  EXPECT_TRUE(followed.rendered.empty());
  EXPECT_EQ(cost([&] { return unfollow("ann"); }), pg ? 7 : 8);  // the home feed's rows too
}

LENSLET_INSTANTIATE_DB_TEST(FollowStatementsTest);

}  // namespace
}  // namespace lenslet::api::users

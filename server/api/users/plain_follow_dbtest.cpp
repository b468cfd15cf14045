// The one-statement follow (PostgreSQL, store::FollowIfPlain) writes only in
// the plain case — a public account, neither hidden nor in a block relation
// with the follower, not yet followed or asked — and answers exactly as the
// unit would; every other case goes to the unit (detail::StoreFollow), which
// answers as before on both databases.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <thread>
#include <vector>

#include "api/notifications/targets.hpp"
#include "api/notifications/testing/as_listed.hpp"
#include "api/users/detail/follows.hpp"
#include "api/users/visibility.hpp"
#include "api/views/notification_view.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/plain_follow.hpp"
#include "store/quiet_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::users {
namespace {

class PlainFollowTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  bool pg() const { return dialect() == db::Dialect::kPostgres; }
  // `username` as `viewer` sees them now (GET /users/{username}'s user).
  boost::json::object AsSeenBy(core::UserId viewer, const std::string& username) {
    return db().ReadNow([&](db::Connection& c) {
      const auto profile = LoadProfile(c, viewer, username);
      return views::PublicUser(profile.user, profile.relationship());
    });
  }
  boost::json::object Newest(core::UserId recipient) {
    return notifications::testing::NewestListed(db(), recipient);
  }
  std::int64_t Unread(core::UserId recipient) {
    return notifications::testing::UnreadListed(db(), recipient);
  }
  // Every row a follow writes: follows, notifications, and the counters summed.
  std::array<std::int64_t, 3> Written() {
    return db().ReadNow([&](db::Connection& c) {
      const auto row = c.Exec(
                            "SELECT (SELECT count(*) FROM follows), (SELECT count(*) FROM notifications), "
                            "(SELECT coalesce(sum(follower_count + following_count), 0) FROM users)")
                           .one();
      return std::array{row.Int(0), row.Int(1), row.Int(2)};
    });
  }
  std::optional<store::FollowWritten> Plain(core::UserId me, const std::string& username) {
    return db::WriteStatementNow(
        db(), [&](db::Connection& c) { return store::FollowIfPlain(c, me, username, 50); });
  }
  // The error code FollowNow answers with, or kInternal when it answered.
  core::ErrorCode Refusal(core::UserId me, const std::string& username) {
    try {
      detail::FollowNow(db(), me, username, 50);
    } catch (const core::Error& e) {
      return e.code();
    }
    return core::ErrorCode::kInternal;
  }
};

TEST_P(PlainFollowTest, APublicAccountIsFollowedInOneStatementAndAnsweredAsTheUnitWould) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  // bob mutes and restricts ann: the answer carries the viewer's own flags.
  db().WriteNow([&](db::Connection& c) {
    store::MuteStore().Mute(c, bob, ann, 2);
    return store::RestrictStore().Restrict(c, bob, ann, 2);
  });
  NewUserId("dan");
  detail::FollowNow(db(), bob, "dan", 5);  // a connection prepares each statement once
  const auto before = db::RoundTrips(db());
  const auto followed = detail::FollowNow(db(), bob, "ANN", 10);  // any case
  if (pg()) {
    EXPECT_EQ(db::RoundTrips(db()) - before, 1);
  }

  EXPECT_EQ(followed.user, AsSeenBy(bob, "ann")) << "as bob now sees ann";
  EXPECT_TRUE(followed.user.at("followedByMe").as_bool());
  EXPECT_EQ(followed.user.at("followerCount").as_int64(), 1);
  EXPECT_EQ(AsSeenBy(ann, "bob").at("followingCount").as_int64(), 2) << "both counters: dan and ann";
  ASSERT_EQ(followed.rendered.size(), 1u);
  EXPECT_TRUE(followed.notified.empty());
  EXPECT_EQ(followed.rendered.front().first, ann);
  EXPECT_EQ(followed.rendered.front().second.at("notification").as_object(), Newest(ann))
      << "as the list shows it: " << followed.rendered.front().second << " against " << Newest(ann);
  EXPECT_EQ(Newest(ann).at("type").as_string(), "follow");
  EXPECT_EQ(followed.rendered.front().second.at("unreadCount").as_int64(), Unread(ann));
  EXPECT_EQ(Unread(ann), 1);
}

TEST_P(PlainFollowTest, AFolloweeWhoMutedTheFollowerIsFollowedButToldNothing) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  db().WriteNow([&](db::Connection& c) { return store::MuteStore().Mute(c, ann, bob, 2); });
  const auto followed = detail::FollowNow(db(), bob, "ann", 10);
  EXPECT_TRUE(followed.user.at("followedByMe").as_bool());
  EXPECT_TRUE(followed.rendered.empty());
  const auto shown = db().ReadNow(
      [&](db::Connection& c) { return notifications::RenderPushes(c, followed.notified).size(); });
  EXPECT_EQ(shown, 0u) << "the list leaves it out, so does the push";
  EXPECT_EQ(Unread(ann), 0);
}

TEST_P(PlainFollowTest, EveryOtherCaseWritesNothingInTheStatementAndTheUnitAnswersAsBefore) {
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat", true);  // private
  const auto dan = NewUserId("dan");        // blocks bob
  const auto eve = NewUserId("eve");        // blocked by bob
  const auto gil = NewUserId("gil");        // already followed by bob
  const auto sus = NewUserId("sus");        // suspended
  const auto gone = NewUserId("gone");      // deactivated
  const auto mod = NewUserId("mod");
  db().WriteNow([&](db::Connection& c) {
    store::BlockStore().Block(c, dan, bob, 3);
    store::BlockStore().Block(c, bob, eve, 3);
    store::FollowStore().Follow(c, bob, gil, false, 3);
    store::SuspensionStore().Put(c, sus, "spam", std::nullopt, mod, 4);
    store::RoleStore().Set(c, "mod", store::Role::kModerator);
    return store::AccountDeletionStore().Deactivate(c, gone, 4, 1'000'000);
  });
  const auto written = Written();
  if (pg()) {
    for (const auto* name : {"cat", "dan", "eve", "gil", "sus", "gone", "bob", "nobody"}) {
      EXPECT_FALSE(Plain(bob, name)) << name;
      EXPECT_EQ(Written(), written) << "nothing written: " << name;
    }
  }
  for (const auto* name : {"dan", "eve", "sus", "gone", "nobody"}) {
    EXPECT_EQ(Refusal(bob, name), core::ErrorCode::kNotFound) << name;
  }
  EXPECT_EQ(Refusal(bob, "bob"), core::ErrorCode::kInvalidValue) << "yourself";
  EXPECT_EQ(Written(), written);

  const auto again = detail::FollowNow(db(), bob, "gil", 5);
  EXPECT_EQ(again.user, AsSeenBy(bob, "gil"));
  EXPECT_TRUE(again.user.at("followedByMe").as_bool());
  EXPECT_TRUE(again.rendered.empty() && again.notified.empty()) << "nobody told twice";
  EXPECT_EQ(Written(), written);

  const auto asked = detail::FollowNow(db(), bob, "cat", 6);
  EXPECT_TRUE(asked.user.at("requestedByMe").as_bool());
  EXPECT_EQ(asked.user.at("followerCount").as_int64(), 0);
  ASSERT_EQ(asked.rendered.size(), 1u) << "the request is told";
  EXPECT_EQ(Newest(cat).at("type").as_string(), "follow_request");

  // A moderator may follow a suspended account: the unit decides.
  if (pg()) {
    EXPECT_FALSE(Plain(mod, "sus"));
  }
  EXPECT_TRUE(detail::FollowNow(db(), mod, "sus", 7).user.at("followedByMe").as_bool());
}

// Two people following and unfollowing each other at once: the one statement
// takes both rows in the unit's order, so neither waits on the other forever
// (PostgreSQL would end one with a deadlock error), and the counters stay the
// rows' count.
TEST_P(PlainFollowTest, FollowingEachOtherAtOnceNeverDeadlocksAndCountsExactly) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto churn = [&](core::UserId me, const char* other) -> std::string {
    try {
      for (int i = 0; i < 40; ++i) {
        detail::FollowNow(db(), me, other, 100 + i);
        db().WriteNow([&](db::Connection& c) { return detail::RemoveFollow(c, me, other); });
      }
      detail::FollowNow(db(), me, other, 200);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  std::string failed_a;
  std::thread a([&] { failed_a = churn(ann, "bob"); });
  const auto failed_b = churn(bob, "ann");
  a.join();
  EXPECT_EQ(failed_a, "");
  EXPECT_EQ(failed_b, "");
  const auto counts = db().ReadNow([&](db::Connection& c) {
    return c
        .Exec(
            "SELECT (SELECT count(*) FROM follows), (SELECT sum(follower_count) FROM users), "
            "(SELECT sum(following_count) FROM users)")
        .one();
  });
  EXPECT_EQ(counts.Int(0), 2);
  EXPECT_EQ(counts.Int(1), 2);
  EXPECT_EQ(counts.Int(2), 2);
  EXPECT_EQ(AsSeenBy(ann, "bob").at("followerCount").as_int64(), 1);
}

// A double tap: the same follow twice at once, for many people. ON CONFLICT
// lets one write; the other writes nothing and the unit answers it, so each
// follow, counter and notification is there once.
TEST_P(PlainFollowTest, TheSameFollowTwiceAtOnceIsWrittenOnce) {
  const auto ann = NewUserId("ann");
  std::vector<core::UserId> fans;
  for (int i = 0; i < 20; ++i) fans.push_back(NewUserId("fan" + std::to_string(i)));
  const auto tap = [&]() -> std::string {
    try {
      for (const auto fan : fans) {
        EXPECT_TRUE(detail::FollowNow(db(), fan, "ann", 10).user.at("followedByMe").as_bool());
      }
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  std::string failed_a;
  std::thread a([&] { failed_a = tap(); });
  const auto failed_b = tap();
  a.join();
  EXPECT_EQ(failed_a, "");
  EXPECT_EQ(failed_b, "");
  const auto counts = db().ReadNow([&](db::Connection& c) {
    const auto row =
        c.Exec(
             "SELECT (SELECT count(*) FROM follows), (SELECT follower_count FROM users WHERE id = $1), "
             "(SELECT count(*) FROM notifications WHERE recipient_id = $1), "
             "(SELECT sum(following_count) FROM users)",
             ann)
            .one();
    return std::array{row.Int(0), row.Int(1), row.Int(2), row.Int(3)};
  });
  EXPECT_EQ(counts, (std::array<std::int64_t, 4>{20, 20, 20, 20}));
}

LENSLET_INSTANTIATE_DB_TEST(PlainFollowTest);

}  // namespace
}  // namespace lenslet::api::users

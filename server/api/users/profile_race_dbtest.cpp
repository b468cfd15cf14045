// An account going public racing follows (PostgreSQL, READ COMMITTED): no
// deadlock with a follow by the account, and no request left pending on a
// public account. The interleavings are forced with a unit held open on
// another session (db/testing/held_unit.hpp). SQLite runs write units one at
// a time: there the two run one after the other and the same end state is
// checked.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "api/users/detail/follows.hpp"
#include "api/users/detail/profile_update.hpp"
#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "api/users/testing/race_test.hpp"
#include "db/testing/held_unit.hpp"
#include "store/post_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::users {
namespace {

using db::testing::HeldUnit;
using testing::AnswerOf;


class ProfileRaceTest : public testing::RaceTest {
 protected:
  void GoPublic(core::UserId me) {
    db().WriteNow([&](db::Connection& c) {
      return detail::StoreProfileUpdate(c, me, {.is_private = false, .now = 20});
    });
  }
  // follows.accepted of follower → followee, -1 when there is no row.
  std::int64_t Accepted(core::UserId follower, core::UserId followee) {
    return db().ReadNow([&](db::Connection& c) {
      const auto row = c.Exec("SELECT accepted FROM follows WHERE follower_id = $1 AND followee_id = $2",
                              follower, followee)
                           .first();
      return row ? row->Int(0) : -1;
    });
  }
  // The types of `recipient`'s notifications from `actor`, comma-separated.
  std::string Told(core::UserId recipient, core::UserId actor) {
    return db().ReadNow([&](db::Connection& c) {
      std::string out;
      for (const auto& row :
           c.Exec("SELECT type FROM notifications WHERE recipient_id = $1 AND actor_id = $2 "
                  "ORDER BY id",
                  recipient, actor)
               .rows) {
        out += (out.empty() ? "" : ",") + row.Text(0);
      }
      return out;
    });
  }
};

// pat (private) goes public while following rob, who asked to follow pat and
// has the lower id. Going public held pat's row from the profile UPDATE and
// then took rob's for his counter; the follow takes rob's row, then pat's.
// Before the unit locked both in ascending id order first, PostgreSQL ended
// one of the two with a deadlock (503). The held unit keeps rob's request row
// locked, so the unit waits inside AcceptAll while the follow starts.
TEST_P(ProfileRaceTest, GoingPublicWhileFollowingARequesterNeverDeadlocks) {
  const auto rob = NewUserId("rob");
  const auto pat = NewUserId("pat", true);
  ASSERT_LT(rob, pat);
  detail::FollowNow(db(), rob, "pat", 10);
  ASSERT_EQ(Accepted(rob, pat), 0);

  std::string went_public = "never ran";
  std::string followed = "never ran";
  if (!pg()) {
    went_public = AnswerOf([&] { GoPublic(pat); });
    followed = AnswerOf([&] { detail::FollowNow(db(), pat, "rob", 30); });
  } else {
    HeldUnit held(db(), [&](db::Connection& c) {
      c.Exec("SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2 FOR UPDATE", rob, pat);
    });
    std::thread unit([&] { went_public = AnswerOf([&] { GoPublic(pat); }); });
    const auto unit_pid = db::testing::WaitForWaiterOn(db(), held.pid());
    std::thread follow([&] { followed = AnswerOf([&] { detail::FollowNow(db(), pat, "rob", 30); }); });
    std::optional<std::int64_t> follow_pid;
    if (unit_pid) follow_pid = db::testing::WaitForWaiterOn(db(), *unit_pid);
    held.Release();
    unit.join();
    follow.join();
    EXPECT_TRUE(unit_pid) << "going public never waited for the held request";
    EXPECT_TRUE(follow_pid) << "the follow never waited for going public";
  }
  EXPECT_EQ(went_public, "");
  EXPECT_EQ(followed, "");
  EXPECT_EQ(Accepted(rob, pat), 1) << "accepted by going public";
  EXPECT_EQ(Accepted(pat, rob), 1);
  EXPECT_EQ(Told(pat, rob), "follow");
  EXPECT_EQ(Told(rob, pat), "follow");
  EXPECT_EQ(MiscountedUsers(), 0);
}

// rob asks to follow pat, having read pat as private, while pat goes public:
// going public accepts the requests it sees, and rob's was not committed yet.
// It stayed pending on a public account, which no order of the two gives
// (request then public: accepted; public then follow: a follow). Now the
// request waits for pat's row and reads it again, and accepts itself. The
// held unit holds the same request row uncommitted, so rob's insert waits
// until after pat went public.
TEST_P(ProfileRaceTest, ARequestSentAsTheAccountGoesPublicIsAFollow) {
  const auto rob = NewUserId("rob");
  const auto pat = NewUserId("pat", true);
  const auto pats_post = db().WriteNow([&](db::Connection& c) {
    return store::PostStore().Insert(c, store::NewPost{pat, "", {}, {}, 5}).id;
  });
  std::string asked = "never ran";
  boost::json::object answer;
  const auto ask = [&] { answer = detail::FollowNow(db(), rob, "pat", 10).user; };
  if (!pg()) {
    asked = AnswerOf(ask);
    GoPublic(pat);
  } else {
    HeldUnit held(db(), [&](db::Connection& c) {
      c.Exec("INSERT INTO follows (follower_id, followee_id, accepted, created_at) VALUES ($1, $2, 0, 1)",
             rob, pat);
    });
    std::thread request([&] { asked = AnswerOf(ask); });
    const auto request_pid = db::testing::WaitForWaiterOn(db(), held.pid());
    GoPublic(pat);
    held.Release();
    request.join();
    EXPECT_TRUE(request_pid) << "the request never waited for the held row";
    if (request_pid) {
      EXPECT_TRUE(answer.at("followedByMe").as_bool()) << answer;
      EXPECT_FALSE(answer.at("isPrivate").as_bool()) << answer;
    }
  }
  EXPECT_EQ(asked, "");
  EXPECT_EQ(Accepted(rob, pat), 1);
  EXPECT_EQ(Told(pat, rob), "follow");
  EXPECT_EQ(MiscountedUsers(), 0);
  // A follow copies the followee's posts into the follower's home feed
  // (store/home_feed_store.hpp), this one too.
  const auto feed = db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT count(*) FROM home_feed WHERE owner_id = $1 AND post_id = $2", rob, pats_post)
        .one()
        .Int(0);
  });
  EXPECT_EQ(feed, 1);
}

LENSLET_INSTANTIATE_DB_TEST(ProfileRaceTest);

}  // namespace
}  // namespace lenslet::api::users

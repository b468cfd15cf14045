// An account going public accepts every pending request in its profile's
// write unit (detail::StoreProfileUpdate → FollowStore::AcceptAll). That ran
// three statements per requester (a counter, the home feed's copy and its
// window): an account with thousands of requests overran the unit's time
// bound and could never go public. Now the unit runs as many statements for
// 3,000 requests as for 3, and writes what 3,000 single accepts would: the
// counters, the converted notifications, and home feeds that show exactly
// what the rule (FeedStore::Home, fan-out on read) shows.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/users/detail/profile_update.hpp"
#include "api/users/testing/race_test.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/home_feed_store.hpp"
#include "store/post_store.hpp"

namespace lenslet::api::users {
namespace {

// $2 accounts named $1 1, $1 2, ...
constexpr std::string_view kInsertUsers =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST($2 AS INTEGER)) "
    "INSERT INTO users (username, email, password_hash, display_name, created_at, updated_at, role) "
    "SELECT CAST($1 AS TEXT) || CAST(i AS TEXT), CAST($1 AS TEXT) || CAST(i AS TEXT) || '@example.com', "
    "'$argon2id$fake', CAST($1 AS TEXT) || CAST(i AS TEXT), 1, 1, 'user' FROM n";

class GoingPublicTest : public testing::RaceTest {
 protected:
  struct WentPublic {
    std::int64_t statements = 0;
    double ms = 0;
  };

  // `count` accounts named <prefix>1.. ask `account` to follow, each with its
  // follow_request notification: three set-based statements, not `count`
  // units. Returns their ids, ascending.
  std::vector<core::UserId> Requesters(core::UserId account, const std::string& prefix, int count) {
    db().WriteNow([&](db::Connection& c) {
      // One block-pair lock per inserted row would fill PostgreSQL's lock
      // table (migration 0025); nobody blocks anybody here.
      if (pg()) c.Exec("SELECT set_config('lenslet.bulk_load', 'on', true)");
      c.Exec(kInsertUsers, prefix, count);
      c.Exec(
          "INSERT INTO follows (follower_id, followee_id, accepted, created_at) "
          "SELECT u.id, CAST($1 AS BIGINT), 0, 5 FROM users u WHERE u.username LIKE $2",
          account, prefix + "%");
      c.Exec(
          "INSERT INTO notifications (recipient_id, type, actor_id, is_read, created_at) "
          "SELECT CAST($1 AS BIGINT), 'follow_request', f.follower_id, 0, 5 FROM follows f "
          "WHERE f.followee_id = $1 AND f.accepted = 0",
          account);
    });
    return Ids("SELECT id FROM users WHERE username LIKE $1 ORDER BY id", prefix + "%");
  }
  // `count` accounts named <prefix>1.. follow `account` already, each with
  // its follow notification, counted: five set-based statements.
  void Followers(core::UserId account, const std::string& prefix, int count) {
    db().WriteNow([&](db::Connection& c) {
      if (pg()) c.Exec("SELECT set_config('lenslet.bulk_load', 'on', true)");
      c.Exec(kInsertUsers, prefix, count);
      c.Exec(
          "INSERT INTO follows (follower_id, followee_id, accepted, created_at) "
          "SELECT u.id, CAST($1 AS BIGINT), 1, 5 FROM users u WHERE u.username LIKE $2",
          account, prefix + "%");
      c.Exec(
          "INSERT INTO notifications (recipient_id, type, actor_id, is_read, created_at) "
          "SELECT CAST($1 AS BIGINT), 'follow', u.id, 1, 5 FROM users u WHERE u.username LIKE $2",
          account, prefix + "%");
      c.Exec("UPDATE users SET following_count = following_count + 1 WHERE username LIKE $1", prefix + "%");
      c.Exec("UPDATE users SET follower_count = follower_count + $2 WHERE id = $1", account, count);
    });
  }
  std::vector<core::UserId> Ids(const std::string& sql, const std::string& param) {
    return db().ReadNow([&](db::Connection& c) {
      std::vector<core::UserId> out;
      for (const auto& row : c.Exec(sql, param).rows) out.emplace_back(row.Int(0));
      return out;
    });
  }
  // `count` posts by `author`, two at each time from `first` on, as
  // POST /posts writes them (counted, fanned out). Returns their times.
  std::vector<core::Millis> Posts(core::UserId author, int count, core::Millis first) {
    std::vector<core::Millis> times;
    for (int i = 0; i < count; ++i) {
      times.push_back(first + i / 2);
      db().WriteNow([&](db::Connection& c) {
        store::PostStore().Insert(c, {author, "", {}, {}, times.back()});
      });
    }
    return times;
  }
  // The going-public unit as PATCH /users/me runs it: its statements and time.
  WentPublic GoPublic(core::UserId account, core::Millis now) {
    const auto start = std::chrono::steady_clock::now();
    WentPublic out;
    out.statements = db().WriteNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      detail::StoreProfileUpdate(c, account, {.is_private = false, .now = now});
      return c.statements_executed() - before;
    });
    out.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
  }
  // The one number `sql` reads, with $1 bound to `param`.
  template <typename Param>
  std::int64_t Count(const std::string& sql, Param param) {
    return db().ReadNow([&](db::Connection& c) { return c.Exec(sql, param).one().Int(0); });
  }
  std::int64_t FeedSince(core::UserId owner) {
    return Count("SELECT feed_since FROM users WHERE id = $1", owner);
  }
  // The rule: every post the fan-out-on-read feed shows, newest first.
  std::vector<core::PostId> Rule(core::UserId viewer) {
    return db().ReadNow([&](db::Connection& c) { return store::FeedStore().Home(c, viewer, {}, 100'000); });
  }
  // The first page of the materialised feed.
  std::vector<core::PostId> FirstPage(core::UserId viewer, int size) {
    std::vector<core::PostId> out;
    for (const auto& post : db().ReadNow([&](db::Connection& c) {
           return store::FeedStore().HomePosts(c, viewer, std::nullopt, size);
         })) {
      out.push_back(post.id);
    }
    return out;
  }
  // What the materialised feed shows, walked a page of `size` at a time.
  std::vector<core::PostId> Paged(core::UserId viewer, int size) {
    std::vector<core::PostId> out;
    std::optional<store::PostPosition> before;
    for (int pages = 0; pages < 1'000; ++pages) {
      const auto page = db().ReadNow(
          [&](db::Connection& c) { return store::FeedStore().HomePosts(c, viewer, before, size); });
      for (const auto& post : page) out.push_back(post.id);
      if (std::ssize(page) < size) return out;
      before = store::PostPosition{page.back().created_at, page.back().id};
    }
    ADD_FAILURE() << "the feed never ended";
    return out;
  }
  // What AcceptAll must leave: the account followed by every requester,
  // counted on both sides, its request notifications now follow ones.
  void ExpectAccepted(core::UserId account, const std::vector<core::UserId>& requesters,
                      std::int64_t followers_before = 0) {
    const auto n = static_cast<std::int64_t>(requesters.size()) + followers_before;
    EXPECT_EQ(Count("SELECT count(*) FROM follows WHERE followee_id = $1 AND accepted = 1", account), n);
    EXPECT_EQ(Count("SELECT count(*) FROM follows WHERE followee_id = $1 AND accepted = 0", account), 0);
    EXPECT_EQ(Count("SELECT follower_count FROM users WHERE id = $1", account), n);
    EXPECT_EQ(MiscountedUsers(), 0) << "a counter differs from the follows it counts";
    EXPECT_EQ(
        Count("SELECT count(*) FROM notifications WHERE recipient_id = $1 AND type = 'follow'", account), n);
    EXPECT_EQ(Count("SELECT count(*) FROM notifications WHERE recipient_id = $1 AND type = 'follow_request'",
                    account),
              0);
  }
};

// The unit's statements do not grow with the requests (it ran 3R + 14, about
// 9,000 at R = 3,000), nor the rows it copies into home feeds (it copied the
// star's newest 200 posts for each: 600,000 rows, over the unit's time bound
// on PostgreSQL); all 3,000 requesters follow, counted, with feeds as the
// rule has them. The star has 20,000 followers already: the requests'
// notifications were converted by a join that read all their follow
// notifications per request on PostgreSQL (11 s, over the unit's time
// bound). The time is printed for the record only.
TEST_P(GoingPublicTest, ThousandsOfRequestsCostAsManyStatementsAsThree) {
  const auto few = NewUserId("few", true);
  const auto star = NewUserId("star", true);
  Posts(few, 30, 100);
  auto star_posts = Posts(star, 250, 100);
  const auto few_requesters = Requesters(few, "fewfan", 3);
  const auto star_requesters = Requesters(star, "starfan", 3'000);
  ASSERT_EQ(star_requesters.size(), 3'000u);
  constexpr std::int64_t kFollowers = 20'000;
  Followers(star, "follower", kFollowers);
  // The star follows one of its requesters, who has the lower id.
  db().WriteNow(
      [&](db::Connection& c) { store::FollowStore().Follow(c, star, star_requesters.front(), false, 7); });

  const auto small = GoPublic(few, 1'000);
  const auto large = GoPublic(star, 1'000);
  std::printf("[ going public ] %s: R=3 %lld statements %.1f ms; R=3000 %lld statements %.1f ms\n",
              pg() ? "PostgreSQL" : "SQLite", static_cast<long long>(small.statements), small.ms,
              static_cast<long long>(large.statements), large.ms);
  EXPECT_EQ(large.statements, small.statements);

  ExpectAccepted(few, few_requesters);
  ExpectAccepted(star, star_requesters, kFollowers);
  EXPECT_EQ(Count("SELECT following_count FROM users WHERE id = $1", star), 1);
  EXPECT_EQ(Count("SELECT follower_count FROM users WHERE id = $1", star_requesters.front()), 1);
  // The few's 30 posts copied whole, no window closed.
  for (const auto fan : few_requesters) {
    EXPECT_EQ(FeedSince(fan), 0);
    EXPECT_EQ(Paged(fan, 7), Rule(fan));
  }
  // The star's: a bounded share each, the window just above the rest.
  const auto each = store::HomeFeedStore::CopiesEach(star_requesters.size());
  ASSERT_LT(each, 250);
  EXPECT_LE(each * 3'000, store::HomeFeedStore::kCopiesAtOnce);
  std::sort(star_posts.rbegin(), star_posts.rend());
  const auto window = star_posts[static_cast<std::size_t>(each)] + 1;
  const auto star_rows = [&](const std::string& condition) {
    return Count(
        "SELECT count(*) FROM home_feed h JOIN users o ON o.id = h.owner_id WHERE h.author_id = $1 "
        "AND o.username LIKE 'starfan%' AND " +
            condition,
        star);
  };
  // Every requester has the star's newest `each` posts and no other.
  EXPECT_EQ(star_rows("true"), each * 3'000);
  EXPECT_EQ(star_rows("h.post_id NOT IN (SELECT q.id FROM posts q WHERE q.author_id = $1 "
                      "ORDER BY q.created_at DESC, q.id DESC LIMIT " +
                      std::to_string(each) + ")"),
            0);
  EXPECT_EQ(
      Count("SELECT count(DISTINCT h.owner_id) FROM home_feed h WHERE h.author_id = $1 AND h.owner_id <> $1",
            star),
      3'000);
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE username LIKE 'starfan%' AND feed_since <> $1", window),
            0);
  // What they see: the first page across the window's edge, and some walked
  // to the end.
  for (std::size_t i = 0; i < star_requesters.size(); i += 10) {
    const auto fan = star_requesters[i];
    const auto rule = Rule(fan);
    ASSERT_EQ(rule.size(), 250u);
    ASSERT_EQ(FirstPage(fan, 40), std::vector<core::PostId>(rule.begin(), rule.begin() + 40))
        << "requester " << i;
    if (i % 300 == 0) {
      EXPECT_EQ(Paged(fan, 20), rule) << "requester " << i;
    }
  }
}

// More posts than a follow copies: each requester gets the newest 200 within
// its window (fewer each when there are more than 250 requesters), and its
// window closes above the rest (or stays, when it was already above them),
// exactly as one accept at a time leaves it; every feed then shows what the
// rule shows, page after page.
TEST_P(GoingPublicTest, WindowsCloseAsOneAcceptAtATimeClosesThem) {
  const auto other = NewUserId("other");
  Posts(other, 5, 150);
  for (const int requesters : {60, 300}) {
    SCOPED_TRACE(std::to_string(requesters) + " requesters");
    const auto tag = std::to_string(requesters);
    const auto star = NewUserId("star" + tag, true);
    const auto times = Posts(star, store::HomeFeedStore::kFollowCopies + 9, 100);  // 100..204, two each
    const auto fans = Requesters(star, "fan" + tag + "x", requesters);
    const auto each = store::HomeFeedStore::CopiesEach(fans.size());
    // The copy leaves out the star's posts below its newest `each`: one
    // accept closes the window just above the newest one left out, when that
    // one lies inside the window.
    std::vector<core::Millis> newest_first = times;
    std::sort(newest_first.rbegin(), newest_first.rend());
    const auto left_out = newest_first[static_cast<std::size_t>(each)];
    // Windows as earlier follows and trims leave them: open (0), below the
    // star's oldest post, inside the posts a copy leaves out, at its edge,
    // inside those it copies, and above every post.
    const std::vector<core::Millis> windows = {0, 50, 101, left_out - 1, left_out, left_out + 1, 190, 300};
    std::map<core::UserId, core::Millis> window_of;
    db().WriteNow([&](db::Connection& c) {
      for (std::size_t i = 0; i < fans.size(); ++i) {
        window_of[fans[i]] = windows[i % windows.size()];
        c.Exec("UPDATE users SET feed_since = $2 WHERE id = $1", fans[i], window_of[fans[i]]);
        // Some already follow another account, whose posts stay.
        if (i % 2 == 0) store::FollowStore().Follow(c, fans[i], other, false, 8);
      }
    });

    GoPublic(star, 1'000);

    ExpectAccepted(star, fans);
    for (std::size_t i = 0; i < fans.size(); ++i) {
      const auto before = window_of[fans[i]];
      EXPECT_EQ(FeedSince(fans[i]), left_out >= before ? left_out + 1 : before) << "window was " << before;
      const auto rule = Rule(fans[i]);
      EXPECT_EQ(Paged(fans[i], 20), rule) << "window was " << before;
      // Every kind of window (7 and 8 are coprime), in smaller pages.
      if (i % 7 == 0) {
        EXPECT_EQ(Paged(fans[i], 7), rule) << "window was " << before;
      }
    }
  }
}

LENSLET_INSTANTIATE_DB_TEST(GoingPublicTest);

}  // namespace
}  // namespace lenslet::api::users

// Explore from the shared ranking (explore_snapshots.hpp) on both backends:
// the same pages as the full ranking query, privacy checked on every page
// whatever the snapshot's age, a page that costs no ranking, and one ranking
// at a time however many first pages ask for it.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "api/feed/detail/post_pages.hpp"
#include "api/feed/explore_snapshots.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::feed {
namespace {

using api::detail::PageRequest;
constexpr core::Millis kHour = 60 * 60'000;
constexpr core::Millis kNow = 1'000 * kHour;

class ExploreSnapshotsTest : public db::testing::DatabaseTest {
 protected:
  store::UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return store::UserStore().Insert(
          c, store::NewUser{name, name + "@example.com", "$argon2id$fake", "Display " + name, 1});
    });
  }

  // A post `age` before kNow with `likes` likes: the ranking's order is set by both.
  core::PostId NewPost(const store::UserRow& author, core::Millis age, int likes = 0) {
    const auto id = db().WriteNow([&](db::Connection& c) {
      store::PostMediaRow media{.width = 10,
                                .height = 10,
                                .placeholder = "L00000fQfQfQ",
                                .average_colour = "#000000",
                                .variants = {{"k.webp", 10, 10, "image/webp"}}};
      return store::PostStore().Insert(c, store::NewPost{author.id, "caption", {media}, {}, kNow - age}).id;
    });
    Exec("UPDATE posts SET like_count = " + std::to_string(likes) +
         " WHERE id = " + std::to_string(id.value));
    return id;
  }

  void Exec(const std::string& sql) {
    db().WriteNow([&](db::Connection& c) { c.Exec(sql); });
  }

  static std::vector<std::string> Ids(const boost::json::object& page) {
    std::vector<std::string> out;
    for (const auto& item : page.at("items").as_array()) out.emplace_back(item.at("id").as_string());
    return out;
  }

  // Every page, `limit` at a time, from `page_of`.
  template <typename F>
  std::vector<std::string> All(int limit, F page_of) {
    std::vector<std::string> out;
    PageRequest page{.limit = limit};
    for (int i = 0; i < 100; ++i) {
      const auto result = page_of(page);
      const auto ids = Ids(result);
      out.insert(out.end(), ids.begin(), ids.end());
      if (result.at("nextCursor").is_null()) return out;
      page.after =
          *api::detail::DecodeCursor(result.at("nextCursor").as_string(), detail::kExploreCursorFields);
    }
    ADD_FAILURE() << "pagination never ended";
    return out;
  }

  // Awaits `task` from this test's thread, as a request's coroutine would.
  template <typename T>
  static T Await(boost::asio::awaitable<T> task) {
    boost::asio::io_context io;
    auto result = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
    io.run();
    return result.get();
  }

  boost::json::object PageOf(ExploreSnapshots& snapshots, std::optional<core::UserId> viewer,
                             const PageRequest& page, core::Millis now) {
    return Await(snapshots.Serve(db(), viewer, page, now)).Parse().as_object();
  }

  boost::json::object First(ExploreSnapshots& snapshots, const store::UserRow& viewer, core::Millis now,
                            int limit = 100) {
    return PageOf(snapshots, viewer.id, {.limit = limit}, now);
  }

  boost::json::object FullQuery(std::optional<core::UserId> viewer, const PageRequest& page,
                                core::Millis now) {
    return db()
        .ReadNow([&](db::Connection& c) { return detail::ExplorePage(c, viewer, page, now); })
        .Parse()
        .as_object();
  }

  struct Concurrent {
    std::vector<boost::json::object> pages;
    // Jobs on the database's worker pool once every page went as far as it
    // could: a unit each page holds or waits for.
    std::size_t units_while_waiting = 0;
  };

  // `n` first pages at once, the i-th at `now` + i ms, while every database
  // worker thread is busy: once each page waits, the pool's queue shows the
  // units they asked for; then the threads are freed and the pages finish.
  // Deterministic: nothing here depends on how fast a statement runs.
  Concurrent ConcurrentFirstPages(ExploreSnapshots& snapshots, const store::UserRow& viewer, int n,
                                  core::Millis now, int limit) {
    std::promise<void> release;
    const auto released = release.get_future().share();
    // The pool runs jobs in order: these take every thread before any page's.
    for (std::size_t i = 0; i < options().worker_threads; ++i) {
      db().pool().Post([released] { released.wait(); });
    }
    boost::asio::io_context io;
    std::vector<std::optional<boost::json::object>> pages(n);
    std::vector<std::string> errors;
    for (int i = 0; i < n; ++i) {
      boost::asio::co_spawn(
          io,
          [&, i]() -> boost::asio::awaitable<void> {
            try {
              pages[i] =
                  (co_await snapshots.Serve(db(), viewer.id, {.limit = limit}, now + i)).Parse().as_object();
            } catch (const std::exception& e) {
              errors.emplace_back(e.what());
            }
          },
          boost::asio::detached);
    }
    io.poll();  // every page up to where it waits (nothing on the pool can run yet)
    Concurrent out;
    out.units_while_waiting = db().pool().queued();
    release.set_value();
    io.restart();
    io.run();  // until every page is done: each waiting page is counted work
    EXPECT_TRUE(errors.empty()) << errors.front();
    for (auto& page : pages) {
      EXPECT_TRUE(page.has_value());
      if (page) out.pages.push_back(std::move(*page));
    }
    return out;
  }

  // The time the ranking a page was read from was computed at (its cursor's as_of).
  static core::Millis RankedAt(const boost::json::object& page) {
    return (*api::detail::DecodeCursor(page.at("nextCursor").as_string(), detail::kExploreCursorFields))[0];
  }

  // Strangers' posts of many scores, and one more user to read them.
  store::UserRow SeedNetwork() {
    const auto me = NewUser("me");
    for (int u = 0; u < 4; ++u) {
      const auto author = NewUser("author" + std::to_string(u));
      for (int i = 0; i < 15; ++i) NewPost(author, (i + u) * kHour, (i * 7 + u * 3) % 40);
    }
    return me;
  }
};

TEST_P(ExploreSnapshotsTest, PagesAreThoseOfTheFullQueryForEveryViewerAcrossTheSnapshotsDepth) {
  const auto me = NewUser("me");
  const auto followed = NewUser("followed");
  const auto blocker = NewUser("blocker");
  const auto blocked = NewUser("blocked");
  std::vector<store::UserRow> strangers;
  for (int i = 0; i < 4; ++i) strangers.push_back(NewUser("stranger" + std::to_string(i)));
  db().WriteNow([&](db::Connection& c) {
    store::FollowStore().Follow(c, me.id, followed.id, false, 5);
    store::BlockStore().Block(c, blocker.id, me.id, 7);
    store::BlockStore().Block(c, me.id, blocked.id, 7);
  });
  // The popular posts are the ones `me` may not see, so a page takes many ranked posts.
  for (int i = 0; i < 6; ++i) {
    NewPost(followed, i * kHour, 500 + i);
    NewPost(blocker, i * kHour, 400 + i);
    NewPost(blocked, i * kHour, 300 + i);
    NewPost(me, i * kHour, 200 + i);
    for (const auto& stranger : strangers) NewPost(stranger, (i + 1) * kHour, i * 3);
  }
  const auto full = [&](const std::optional<core::UserId> viewer) {
    return All(2, [&](const PageRequest& page) { return FullQuery(viewer, page, kNow); });
  };
  for (const std::size_t depth : {std::size_t{1}, std::size_t{5}, std::size_t{23}, std::size_t{1000}}) {
    for (const auto viewer : {std::optional<core::UserId>(me.id), std::optional<core::UserId>()}) {
      ExploreSnapshots snapshots(60'000, depth);
      const auto got = All(2, [&](const PageRequest& page) { return PageOf(snapshots, viewer, page, kNow); });
      EXPECT_EQ(got, full(viewer)) << "depth " << depth << (viewer ? " as me" : " anonymous");
      EXPECT_EQ(got.size(), viewer ? 24u : 48u);
    }
  }
}

TEST_P(ExploreSnapshotsTest, TheRankingIsSharedUntilItIsRefreshOldButPrivacyIsCheckedOnEveryPage) {
  const auto me = NewUser("me");
  const auto a = NewUser("a");
  const auto b = NewUser("b");
  const auto c_user = NewUser("c");
  const auto hot = NewPost(a, kHour, 100);
  const auto warm = NewPost(b, kHour, 50);
  const auto cool = NewPost(c_user, kHour, 10);
  ExploreSnapshots snapshots(10 * 60'000);
  const auto id = [](core::PostId post) { return std::to_string(post.value); };
  EXPECT_EQ(Ids(First(snapshots, me, kNow)), (std::vector<std::string>{id(hot), id(warm), id(cool)}));

  // A minute later a new post is the hottest, and `cool` overtakes the rest:
  // the shared ranking does not know yet.
  const auto hotter = NewPost(c_user, 0, 1000);
  Exec("UPDATE posts SET like_count = 5000 WHERE id = " + id(cool));
  EXPECT_EQ(Ids(First(snapshots, me, kNow + 60'000)),
            (std::vector<std::string>{id(hot), id(warm), id(cool)}));

  // What the viewer may see is read now, whatever the snapshot's age: `a`
  // goes private, `me` follows `b`, and neither shows any more.
  Exec("UPDATE users SET is_private = 1 WHERE id = " + std::to_string(a.id.value));
  db().WriteNow([&](db::Connection& c) { store::FollowStore().Follow(c, me.id, b.id, false, 5); });
  EXPECT_EQ(Ids(First(snapshots, me, kNow + 2 * 60'000)), std::vector<std::string>{id(cool)});
  // A block either way, the same.
  db().WriteNow([&](db::Connection& c) { store::BlockStore().Block(c, c_user.id, me.id, 7); });
  EXPECT_TRUE(Ids(First(snapshots, me, kNow + 3 * 60'000)).empty());

  // Once the ranking is `refresh` old, the next first page ranks anew.
  db().WriteNow([&](db::Connection& c) { store::BlockStore().Unblock(c, c_user.id, me.id); });
  // `cool`, now 5,000 likes old, outranks the new `hotter`.
  EXPECT_EQ(Ids(First(snapshots, me, kNow + 10 * 60'000)), (std::vector<std::string>{id(cool), id(hotter)}));
}

TEST_P(ExploreSnapshotsTest, AFirstPageFromAHeldRankingCostsNoRankingStatement) {
  const auto me = NewUser("me");
  const auto a = NewUser("a");
  for (int i = 0; i < 40; ++i) NewPost(a, i * kHour, i);
  ExploreSnapshots snapshots(60'000);
  // Statements of the page's unit, the ranking (if any) awaited before it.
  const auto statements = [&](core::Millis now) {
    const auto first = Await(snapshots.FirstPageSnapshot(db(), now));
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      EXPECT_EQ(snapshots.Page(c, me.id, {.limit = 20}, now, first).Parse().at("items").as_array().size(),
                20u);
      return c.statements_executed() - before;
    });
  };
  const auto ranking = statements(kNow);
  const auto shared = statements(kNow + 1'000);
  // The viewer's check (1) and LoadPage's posts and flags (2: the images are
  // cached since the first page); the unit of the page that ranked also read
  // the images, the ranking ran in a unit of its own.
  EXPECT_EQ(shared, 3);
  EXPECT_EQ(ranking, shared + 1);
}

// Issue 16: as its handler reads it (PageNow), a page whose posts are in the
// first chunk of the ranking is one statement, outside any transaction on
// PostgreSQL, once its posts are rendered; the same page as the unit's.
TEST_P(ExploreSnapshotsTest, AServedPageIsOneStatementWhenOneChunkOfTheRankingHoldsIt) {
  const auto me = NewUser("me");
  const auto a = NewUser("a");
  for (int i = 0; i < 40; ++i) NewPost(a, i * kHour, i);
  ExploreSnapshots snapshots(60'000);
  const auto first = Await(snapshots.FirstPageSnapshot(db(), kNow));
  const bool pg = GetParam() == db::Dialect::kPostgres;
  const auto served = [&](const PageRequest& page) {
    const auto start = db::ServerStatements(db());
    auto shown = snapshots.PageNow(db(), me.id, page, kNow, first).Parse().as_object();
    return std::pair(std::move(shown), db::ServerStatements(db()) - start);
  };
  const auto [cold, cold_cost] = served({.limit = 20});
  EXPECT_EQ(cold_cost, pg ? 2 : 6);  // the posts, then their images (SQLite counts BEGIN and COMMIT)
  const auto [page, cost] = served({.limit = 20});
  EXPECT_EQ(cost, pg ? 1 : 3);
  EXPECT_EQ(page, cold);
  ASSERT_EQ(page.at("items").as_array().size(), 20u);
  const auto unit = db().ReadNow([&](db::Connection& c) {
    return snapshots.Page(c, me.id, {.limit = 20}, kNow, first).Parse().as_object();
  });
  EXPECT_EQ(page, unit);

  // The next page from its cursor: the same as the unit's too.
  PageRequest next{.limit = 20};
  next.after = *api::detail::DecodeCursor(page.at("nextCursor").as_string(), detail::kExploreCursorFields);
  EXPECT_EQ(served(next).first, db().ReadNow([&](db::Connection& c) {
    return snapshots.Page(c, me.id, next, kNow, first).Parse().as_object();
  }));
}

TEST_P(ExploreSnapshotsTest, ACursorOfARankingThisProcessDoesNotHoldIsServedByTheFullQuery) {
  const auto me = NewUser("me");
  const auto a = NewUser("a");
  for (int i = 0; i < 9; ++i) NewPost(a, i * kHour, 9 - i);
  // Another instance's first page (its own snapshot), continued here.
  ExploreSnapshots elsewhere(60'000);
  ExploreSnapshots here(60'000);
  const auto first = PageOf(elsewhere, me.id, {.limit = 4}, kNow);
  PageRequest next{.limit = 4};
  next.after = *api::detail::DecodeCursor(first.at("nextCursor").as_string(), detail::kExploreCursorFields);
  const auto continued = PageOf(here, me.id, next, kNow + 5'000);
  const auto expected = FullQuery(me.id, next, kNow + 5'000);
  const auto there = PageOf(elsewhere, me.id, next, kNow + 5'000);
  EXPECT_EQ(Ids(continued), Ids(expected));
  EXPECT_EQ(Ids(continued), Ids(there));
  EXPECT_EQ(Ids(continued).size(), 4u);
}

// Issue 16: on a cold PostgreSQL three first pages ranked at once, each
// inside its page's unit, and all three ran out the unit timeout.
TEST_P(ExploreSnapshotsTest, ConcurrentFirstPagesOfAColdStartShareOneRanking) {
  const auto me = SeedNetwork();
  ExploreSnapshots snapshots(60'000);
  const auto got = ConcurrentFirstPages(snapshots, me, 8, kNow, 10);
  ASSERT_EQ(got.pages.size(), 8u);
  // A ranking answers with its own time: every page carries the first
  // request's, so one ranking served all eight.
  const auto expected = FullQuery(me.id, {.limit = 10}, kNow);
  ASSERT_EQ(Ids(expected).size(), 10u);
  for (const auto& page : got.pages) {
    EXPECT_EQ(RankedAt(page), kNow);
    EXPECT_EQ(Ids(page), Ids(expected));
    EXPECT_EQ(page, got.pages.front());
  }
}

TEST_P(ExploreSnapshotsTest, AFirstPageWaitingForAnothersRankingHoldsNoDatabaseUnit) {
  const auto me = SeedNetwork();
  ExploreSnapshots snapshots(60'000);
  const auto got = ConcurrentFirstPages(snapshots, me, 8, kNow, 10);
  // The ranking's unit alone: the seven other pages wait outside the
  // database (before, each held a unit, its thread and its connection).
  EXPECT_EQ(got.units_while_waiting, 1u);
  EXPECT_EQ(got.pages.size(), 8u);
}

TEST_P(ExploreSnapshotsTest, WhileARefreshRanksFirstPagesReadTheHeldRankingWithoutWaiting) {
  const auto me = SeedNetwork();
  ExploreSnapshots snapshots(60'000);
  EXPECT_EQ(RankedAt(First(snapshots, me, kNow, 10)), kNow);
  const auto later = kNow + 2 * 60'000;  // the held ranking is stale by then
  const auto got = ConcurrentFirstPages(snapshots, me, 8, later, 10);
  // The first ranks anew; the seven others went straight to their pages.
  EXPECT_EQ(got.units_while_waiting, 8u);
  ASSERT_EQ(got.pages.size(), 8u);
  EXPECT_EQ(RankedAt(got.pages[0]), later);
  for (std::size_t i = 1; i < got.pages.size(); ++i) EXPECT_EQ(RankedAt(got.pages[i]), kNow) << i;
}

TEST_P(ExploreSnapshotsTest, WithoutARefreshEveryFirstPageRanksAsOfItsOwnRequest) {
  const auto me = SeedNetwork();
  ExploreSnapshots snapshots(0);
  const auto got = ConcurrentFirstPages(snapshots, me, 4, kNow, 10);
  EXPECT_EQ(got.units_while_waiting, 4u);  // each its own ranking
  ASSERT_EQ(got.pages.size(), 4u);
  for (std::size_t i = 0; i < got.pages.size(); ++i) {
    EXPECT_EQ(RankedAt(got.pages[i]), kNow + static_cast<core::Millis>(i));
  }
}

LENSLET_INSTANTIATE_DB_TEST(ExploreSnapshotsTest);

}  // namespace
}  // namespace lenslet::api::feed

// Explore from the shared ranking (explore_snapshots.hpp) on both backends:
// the same pages as the full ranking query, privacy checked on every page
// whatever the snapshot's age, and a page that costs no ranking.
#include "api/feed/explore_snapshots.hpp"

#include <gtest/gtest.h>

#include "api/feed/detail/post_pages.hpp"
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
      store::PostMediaRow media{.width = 10, .height = 10, .placeholder = "L00000fQfQfQ", .average_colour = "#000000",
                                .variants = {{"k.webp", 10, 10, "image/webp"}}};
      return store::PostStore().Insert(c, store::NewPost{author.id, "caption", {media}, {}, kNow - age}).id;
    });
    Exec("UPDATE posts SET like_count = " + std::to_string(likes) + " WHERE id = " + std::to_string(id.value));
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
      const auto result = db().ReadNow([&](db::Connection& c) { return page_of(c, page); });
      const auto ids = Ids(result);
      out.insert(out.end(), ids.begin(), ids.end());
      if (result.at("nextCursor").is_null()) return out;
      page.after = *api::detail::DecodeCursor(result.at("nextCursor").as_string(), detail::kExploreCursorFields);
    }
    ADD_FAILURE() << "pagination never ended";
    return out;
  }

  boost::json::object First(ExploreSnapshots& snapshots, const store::UserRow& viewer, core::Millis now,
                            int limit = 100) {
    return db().ReadNow([&](db::Connection& c) { return snapshots.Page(c, viewer.id, {.limit = limit}, now); });
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
    return All(2, [&](db::Connection& c, const PageRequest& page) {
      return detail::ExplorePage(c, viewer, page, kNow);
    });
  };
  for (const std::size_t depth : {std::size_t{1}, std::size_t{5}, std::size_t{23}, std::size_t{1000}}) {
    for (const auto viewer : {std::optional<core::UserId>(me.id), std::optional<core::UserId>()}) {
      ExploreSnapshots snapshots(60'000, depth);
      const auto got = All(2, [&](db::Connection& c, const PageRequest& page) {
        return snapshots.Page(c, viewer, page, kNow);
      });
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
  EXPECT_EQ(Ids(First(snapshots, me, kNow + 60'000)), (std::vector<std::string>{id(hot), id(warm), id(cool)}));

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
  const auto statements = [&](core::Millis now) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      EXPECT_EQ(snapshots.Page(c, me.id, {.limit = 20}, now).at("items").as_array().size(), 20u);
      return c.statements_executed() - before;
    });
  };
  const auto ranking = statements(kNow);
  const auto shared = statements(kNow + 1'000);
  // The viewer's check (1) and LoadPage's posts and flags (2: the images are
  // cached since the first page); the page that ranked also ranked and read
  // the images.
  EXPECT_EQ(shared, 3);
  EXPECT_EQ(ranking, shared + 2);
}

TEST_P(ExploreSnapshotsTest, ACursorOfARankingThisProcessDoesNotHoldIsServedByTheFullQuery) {
  const auto me = NewUser("me");
  const auto a = NewUser("a");
  for (int i = 0; i < 9; ++i) NewPost(a, i * kHour, 9 - i);
  // Another instance's first page (its own snapshot), continued here.
  ExploreSnapshots elsewhere(60'000);
  ExploreSnapshots here(60'000);
  const auto first = db().ReadNow([&](db::Connection& c) { return elsewhere.Page(c, me.id, {.limit = 4}, kNow); });
  PageRequest next{.limit = 4};
  next.after = *api::detail::DecodeCursor(first.at("nextCursor").as_string(), detail::kExploreCursorFields);
  const auto continued = db().ReadNow([&](db::Connection& c) { return here.Page(c, me.id, next, kNow + 5'000); });
  const auto expected =
      db().ReadNow([&](db::Connection& c) { return detail::ExplorePage(c, me.id, next, kNow + 5'000); });
  const auto there = db().ReadNow([&](db::Connection& c) { return elsewhere.Page(c, me.id, next, kNow + 5'000); });
  EXPECT_EQ(Ids(continued), Ids(expected));
  EXPECT_EQ(Ids(continued), Ids(there));
  EXPECT_EQ(Ids(continued).size(), 4u);
}

LENSLET_INSTANTIATE_DB_TEST(ExploreSnapshotsTest);

}  // namespace
}  // namespace lenslet::api::feed

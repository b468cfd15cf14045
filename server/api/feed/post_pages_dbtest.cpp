// The post lists (feed, explore, tag pages, a user's posts, saved) and search
// on both backends: who sees what, in which order, pages without gaps or
// repeats while posts arrive, and a constant number of statements per page.
#include <gtest/gtest.h>

#include <set>

#include "api/detail/post_json.hpp"
#include "api/feed/detail/post_pages.hpp"
#include "api/search/search.hpp"
#include "api/views/rendered_posts.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/post_media_cache.hpp"
#include "store/post_store.hpp"
#include "store/role_store.hpp"
#include "store/search_store.hpp"
#include "store/suspension_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::feed {
namespace {

using api::detail::PageRequest;
constexpr core::Millis kHour = 60 * 60'000;
constexpr core::Millis kNow = 1'000 * kHour;

class PostPagesTest : public db::testing::DatabaseTest {
 protected:
  store::UserRow NewUser(const std::string& name, bool is_private = false) {
    return db().WriteNow([&](db::Connection& c) {
      auto user = store::UserStore().Insert(
          c, store::NewUser{name, name + "@example.com", "$argon2id$fake", "Display " + name, 1});
      if (is_private) {
        user = *store::UserProfileStore().UpdateProfile(c, user.id, {.is_private = true, .now = 1});
      }
      return user;
    });
  }

  core::PostId NewPost(const store::UserRow& author, std::vector<std::string> tags = {},
                       core::Millis at = kNow) {
    return db().WriteNow([&](db::Connection& c) {
      store::PostMediaRow media{.width = 10,
                                .height = 10,
                                .placeholder = "L00000fQfQfQ",
                                .average_colour = "#000000",
                                .variants = {{"k.webp", 10, 10, "image/webp"}}};
      return store::PostStore().Insert(c, store::NewPost{author.id, "caption", {media}, tags, at}).id;
    });
  }

  void Follow(const store::UserRow& follower, const store::UserRow& followee) {
    db().WriteNow([&](db::Connection& c) {
      store::FollowStore().Follow(c, follower.id, followee.id, followee.is_private, 5);
    });
  }
  void Accept(const store::UserRow& follower, const store::UserRow& followee) {
    db().WriteNow([&](db::Connection& c) { store::FollowStore().Accept(c, follower.id, followee.id, 6); });
  }
  void Block(const store::UserRow& blocker, const store::UserRow& blocked) {
    db().WriteNow([&](db::Connection& c) { store::BlockStore().Block(c, blocker.id, blocked.id, 7); });
  }
  void Exec(const std::string& sql) {
    db().WriteNow([&](db::Connection& c) { c.Exec(sql); });
  }

  // Pages come as JSON text (api/detail/post_json.hpp); the tests read them parsed.
  static boost::json::object AsObject(const http::JsonText& page) { return page.Parse().as_object(); }
  static boost::json::object AsObject(boost::json::object page) { return page; }

  template <typename F>
  boost::json::object Read(F body) {
    return AsObject(db().ReadNow([&](db::Connection& c) { return body(c); }));
  }

  // Statements run by `body` in a read unit.
  template <typename F>
  std::int64_t Count(F body) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      body(c);
      return c.statements_executed() - before;
    });
  }

  static std::vector<std::string> Ids(const boost::json::object& page) {
    std::vector<std::string> out;
    for (const auto& item : page.at("items").as_array()) out.emplace_back(item.at("id").as_string());
    return out;
  }

  static std::string Id(core::PostId id) { return std::to_string(id.value); }

  // Every page of a list, `limit` at a time, calling `between` after each page.
  template <typename F, typename G>
  std::vector<std::string> All(std::size_t cursor_fields, int limit, F page_of, G between) {
    return AllNow(
        cursor_fields, limit,
        [&](const PageRequest& page) { return Read([&](db::Connection& c) { return page_of(c, page); }); },
        between);
  }
  // The same with pages a handler's form reads (HomePageNow, UserPostsPageNow: their own units).
  template <typename F, typename G>
  std::vector<std::string> AllNow(std::size_t cursor_fields, int limit, F page_of, G between) {
    std::vector<std::string> out;
    PageRequest page{.limit = limit};
    for (int i = 0; i < 100; ++i) {
      const auto result = AsObject(page_of(page));
      const auto ids = Ids(result);
      out.insert(out.end(), ids.begin(), ids.end());
      between();
      if (result.at("nextCursor").is_null()) return out;
      page.after = *api::detail::DecodeCursor(result.at("nextCursor").as_string(), cursor_fields);
    }
    ADD_FAILURE() << "pagination never ended";
    return out;
  }
};

TEST_P(PostPagesTest, HomeFeedIsOwnAndAcceptedFolloweesNewestFirstWithoutGapsWhilePostsArrive) {
  const auto me = NewUser("me");
  const auto friend_ = NewUser("friend");
  const auto hidden = NewUser("hidden", true);
  const auto stranger = NewUser("stranger");
  Follow(me, friend_);
  Follow(me, hidden);  // pending: not in the feed
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    expected.push_back(Id(NewPost(i % 2 ? me : friend_)));
    NewPost(hidden);
    NewPost(stranger);
  }
  std::reverse(expected.begin(), expected.end());

  std::size_t arrived = 0;
  const auto got = All(
      detail::kDatedCursorFields, 2,
      [&](db::Connection& c, const PageRequest& page) { return detail::HomePage(c, me.id, page); },
      [&] { NewPost(friend_), ++arrived; });  // arrives between pages
  EXPECT_EQ(got, expected);
  EXPECT_EQ(arrived, 4u);

  Accept(me, hidden);
  const auto after_accept =
      Read([&](db::Connection& c) { return detail::HomePage(c, me.id, {.limit = 100}); });
  EXPECT_EQ(Ids(after_accept).size(), expected.size() + arrived + 7 /* hidden's */);
}

// Issue 14.8: an imported post keeps its original date, so it is written
// after newer posts (a higher id) with an older created_at. Home feed, a
// user's posts and tag pages put it at its date, page after page.
TEST_P(PostPagesTest, ListsAreByDateSoAnOldPostWrittenLateLandsInItsPlace) {
  const auto me = NewUser("me");
  const auto friend_ = NewUser("friend");
  Follow(me, friend_);
  const auto newest = NewPost(friend_, {"sun"}, kNow);
  const auto middle = NewPost(friend_, {"sun"}, kNow - 2 * kHour);
  const auto imported_old = NewPost(friend_, {"sun"}, kNow - 100 * kHour);  // written last, dated first
  const auto imported_mid = NewPost(friend_, {"sun"}, kNow - 1 * kHour);
  const auto same_time = NewPost(friend_, {"sun"}, kNow - 2 * kHour);  // ties go by id, newest first
  const std::vector<std::string> expected{Id(newest), Id(imported_mid), Id(same_time), Id(middle),
                                          Id(imported_old)};
  EXPECT_EQ(All(
                detail::kDatedCursorFields, 2,
                [&](db::Connection& c, const PageRequest& page) { return detail::HomePage(c, me.id, page); },
                [] {}),
            expected);
  EXPECT_EQ(All(
                detail::kDatedCursorFields, 2,
                [&](db::Connection& c, const PageRequest& page) {
                  return detail::UserPostsPage(c, me.id, "friend", page);
                },
                [] {}),
            expected);
  EXPECT_EQ(AllNow(
                detail::kDatedCursorFields, 2,
                [&](const PageRequest& page) { return detail::HomePageNow(db(), me.id, page); }, [] {}),
            expected);
  EXPECT_EQ(
      AllNow(
          detail::kDatedCursorFields, 2,
          [&](const PageRequest& page) { return detail::UserPostsPageNow(db(), me.id, "friend", page); },
          [] {}),
      expected);
  EXPECT_EQ(
      All(
          detail::kDatedCursorFields, 1,
          [&](db::Connection& c, const PageRequest& page) { return detail::TagPage(c, me.id, "sun", page); },
          [] {}),
      expected);
}

TEST_P(PostPagesTest, EveryPostListCostsTheSameStatementsWhateverThePageSize) {
  const auto me = NewUser("me");
  std::vector<store::UserRow> authors;
  for (int i = 0; i < 5; ++i) {
    authors.push_back(NewUser("author" + std::to_string(i)));
    Follow(me, authors.back());
  }
  for (int i = 0; i < 30; ++i) {
    const auto post = NewPost(authors[i % 5], {"sun"}, kNow - i * kHour);
    db().WriteNow([&](db::Connection& c) {
      c.Exec("INSERT INTO saves (user_id, post_id, created_at) VALUES ($1, $2, $3)", me.id, post, 10 + i);
      c.Exec("INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, $3)", me.id, post, 10 + i);
    });
  }
  const auto viewer = NewUser("viewer");
  using PageOf = std::function<http::JsonText(db::Connection&, const PageRequest&)>;
  const std::vector<std::pair<std::string, PageOf>> lists = {
      {"feed", [&](db::Connection& c, const PageRequest& p) { return detail::HomePage(c, me.id, p); }},
      {"explore",
       [&](db::Connection& c, const PageRequest& p) { return detail::ExplorePage(c, viewer.id, p, kNow); }},
      {"tag",
       [&](db::Connection& c, const PageRequest& p) { return detail::TagPage(c, viewer.id, "#SUN", p); }},
      {"user posts", [&](db::Connection& c,
                         const PageRequest& p) { return detail::UserPostsPage(c, me.id, "author1", p); }},
      {"saved", [&](db::Connection& c, const PageRequest& p) { return detail::SavedPage(c, me.id, p); }},
  };
  for (const auto& [name, page_of] : lists) {
    std::set<std::int64_t> counts;
    for (const int limit : {1, 5, 30}) {
      std::size_t items = 0;
      counts.insert(Count([&](db::Connection& c) {
        items = AsObject(page_of(c, {.limit = limit})).at("items").as_array().size();
      }));
      EXPECT_GT(items, 0u) << name;
    }
    EXPECT_EQ(counts.size(), 1u) << name << " runs a statement per row";
    // ids (1) + LoadPage (3), plus LoadProfile (one statement: the user with
    // whether they are hidden, blocks, the follow state) for a user's posts.
    EXPECT_LE(*counts.begin(), 5) << name;
  }
  // likedByMe/savedByMe come from the same page load.
  const auto feed = Read([&](db::Connection& c) { return detail::HomePage(c, me.id, {.limit = 3}); });
  for (const auto& item : feed.at("items").as_array()) {
    EXPECT_TRUE(item.at("likedByMe").as_bool());
    EXPECT_TRUE(item.at("savedByMe").as_bool());
  }
}

// Issue 16: the home feed as its handler runs it (HomePageNow) picks and
// loads a page in one statement, outside any transaction on PostgreSQL, and
// reads images only for posts the cache lacks or holds from before an edit.
TEST_P(PostPagesTest, TheHomeFeedIsOneStatementOnceItsImagesAreCached) {
  const auto me = NewUser("me");
  const auto friend_ = NewUser("friend");
  Follow(me, friend_);
  std::vector<core::PostId> posts;
  for (int i = 0; i < 6; ++i) posts.push_back(NewPost(i % 2 ? me : friend_, {}, kNow - i * kHour));
  db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, 1)", me.id, posts[1]);
    c.Exec("INSERT INTO saves (user_id, post_id, created_at) VALUES ($1, $2, 1)", me.id, posts[2]);
  });
  const bool pg = GetParam() == db::Dialect::kPostgres;
  // The statements the database ran (BEGIN and COMMIT included; a PREPARE,
  // which a connection sends once per statement, not).
  const auto statements = [&](const PageRequest& page) {
    const auto start = db::ServerStatements(db());
    auto shown = AsObject(detail::HomePageNow(db(), me.id, page));
    return std::pair(std::move(shown), db::ServerStatements(db()) - start);
  };
  statements({.limit = 4});  // prepares the statements, caches four posts' images

  const auto round_trips_before = db::RoundTrips(db());
  const auto [first, first_cost] = statements({.limit = 4});
  EXPECT_EQ(db::RoundTrips(db()) - round_trips_before, first_cost);
  // The same page, flags and cursor as the transaction's form gives.
  EXPECT_EQ(first, Read([&](db::Connection& c) { return detail::HomePage(c, me.id, {.limit = 4}); }));
  const auto& items = first.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_FALSE(items[0].at("likedByMe").as_bool());
  EXPECT_TRUE(items[1].at("likedByMe").as_bool());
  EXPECT_TRUE(items[2].at("savedByMe").as_bool());
  EXPECT_EQ(items[3].at("media").as_array().size(), 1u);
  // SQLite counts every statement stepped: BEGIN, the page, COMMIT.
  EXPECT_EQ(first_cost, pg ? 1 : 3);

  // An edited post's cached images are stale: one statement more reads them.
  db().WriteNow([&](db::Connection& c) {
    store::PostStore().Edit(c, posts[0], {.alts = std::vector<std::string>{"a new alt"}, .now = kNow + 1});
  });
  const auto [edited, edited_cost] = statements({.limit = 4});
  EXPECT_EQ(edited.at("items").as_array()[0].at("media").as_array()[0].at("alt").as_string(), "a new alt");
  EXPECT_EQ(edited_cost, pg ? 2 : 6);
  EXPECT_EQ(statements({.limit = 4}).second, pg ? 1 : 3);  // and cached again, under the new edit

  // The next page: its cursor, then the posts not seen before.
  const auto next =
      *api::detail::DecodeCursor(first.at("nextCursor").as_string(), detail::kDatedCursorFields);
  const auto [rest, rest_cost] = statements({.limit = 4, .after = next});
  EXPECT_EQ(Ids(rest), (std::vector<std::string>{Id(posts[4]), Id(posts[5])}));
  EXPECT_TRUE(rest.at("nextCursor").is_null());
  EXPECT_EQ(rest_cost, pg ? 2 : 6);
}

// The images of a page may be read in a later snapshot than its posts: a post
// deleted in between leaves the page instead of showing without images, and
// the cache keeps images under the edit they were read with.
TEST_P(PostPagesTest, ImagesReadAfterThePageDropADeletedPostAndCacheTheCurrentEdit) {
  const auto me = NewUser("me");
  const auto kept = NewPost(me, {}, kNow);
  const auto deleted = NewPost(me, {}, kNow - kHour);
  const store::PostStore store;
  auto page = db().ReadNow([&](db::Connection& c) { return store::FeedStore().HomePosts(c, me.id, {}, 10); });
  ASSERT_EQ(page.size(), 2u);
  db().WriteNow([&](db::Connection& c) {
    store.Delete(c, deleted);
    store.Edit(c, kept, {.alts = std::vector<std::string>{"edited meanwhile"}, .now = kNow + 5});
  });
  const auto missing = store.MediaFromCache(0, page);
  ASSERT_EQ(missing.size(), 2u);
  db().ReadNow([&](db::Connection& c) { store.ReadMedia(c, page, missing); });
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, kept);
  ASSERT_EQ(page[0].media.size(), 1u);
  EXPECT_EQ(page[0].media[0].alt, "edited meanwhile");
  // Cached under the edit read with the images, not the page's older edited_at.
  const auto now_seen = db().ReadNow([&](db::Connection& c) { return store.Load(c, kept, me.id); });
  ASSERT_TRUE(now_seen.has_value());
  EXPECT_EQ(now_seen->media[0].alt, "edited meanwhile");
  const auto database = db().ReadNow([&](db::Connection& c) { return c.database_id(); });
  EXPECT_TRUE(store::PostMediaCache::Shared().Find(database, kept, now_seen->edited_at));
  EXPECT_FALSE(store::PostMediaCache::Shared().Find(database, kept, page[0].edited_at));
}

// Issue 16: a post's rendered JSON (api/views/rendered_posts.hpp) is kept
// under the edit it shows. Images read after a later edit than the page's
// caption still answer this page, but are kept for no edit: the next page
// shows the new caption with them.
TEST_P(PostPagesTest, ARenderedPostIsKeptOnlyForTheEditItShows) {
  const auto me = NewUser("me");
  const auto post = NewPost(me, {}, kNow);
  const auto database = db().ReadNow([&](db::Connection& c) { return c.database_id(); });
  auto page = db().ReadNow([&](db::Connection& c) { return store::FeedStore().HomePosts(c, me.id, {}, 10); });
  ASSERT_EQ(page.size(), 1u);
  db().WriteNow([&](db::Connection& c) {
    store::PostStore().Edit(
        c, post,
        {.caption = "a new caption", .alts = std::vector<std::string>{"a new alt"}, .now = kNow + 5});
  });
  const auto old_edit = page[0].edited_at;
  const auto fragments = api::detail::RenderPostsNow(db(), database, page);
  ASSERT_EQ(fragments.size(), 1u);
  EXPECT_NE(fragments[0]->find("a new alt"), std::string::npos);
  EXPECT_EQ(fragments[0]->find("a new caption"), std::string::npos);  // the page's own snapshot
  EXPECT_FALSE(views::RenderedPostCache::Shared().Find(database, post, old_edit));

  const auto fresh = AsObject(detail::HomePageNow(db(), me.id, {.limit = 10}));
  const auto& shown = fresh.at("items").as_array().at(0);
  EXPECT_EQ(shown.at("caption").as_string(), "a new caption");
  EXPECT_EQ(shown.at("media").as_array().at(0).at("alt").as_string(), "a new alt");
  const auto now_seen =
      db().ReadNow([&](db::Connection& c) { return store::PostStore().Load(c, post, me.id); });
  const auto kept = views::RenderedPostCache::Shared().Find(database, post, now_seen->edited_at);
  ASSERT_TRUE(kept);
  EXPECT_NE(kept->find("a new caption"), std::string::npos);
}

// A new post never shows what a deleted one was rendered as, though both were
// the newest post in turn (SQLite used to give the deleted one's id again).
TEST_P(PostPagesTest, ANewPostNeverShowsADeletedPostsRenderedText) {
  const auto me = NewUser("me");
  NewPost(me, {}, kNow - kHour);
  const auto deleted = db().WriteNow([&](db::Connection& c) {
    return store::PostStore().Insert(c, store::NewPost{me.id, "a secret", {}, {}, kNow}).id;
  });
  ASSERT_NE(AsObject(detail::HomePageNow(db(), me.id, {.limit = 10})).at("items").as_array().size(), 0u);
  db().WriteNow([&](db::Connection& c) { store::PostStore().Delete(c, deleted); });
  db().WriteNow([&](db::Connection& c) {
    return store::PostStore().Insert(c, store::NewPost{me.id, "not a secret", {}, {}, kNow}).id;
  });
  const auto page = AsObject(detail::HomePageNow(db(), me.id, {.limit = 10}));
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_EQ(page.at("items").as_array()[0].at("caption").as_string(), "not a secret");
}

TEST_P(PostPagesTest, ExploreIsPopularPublicRecentPostsOfStrangersAndPagesStably) {
  const auto me = NewUser("me");
  const auto followed = NewUser("followed");
  const auto hidden = NewUser("hidden", true);
  const auto blocker = NewUser("blocker");
  const auto blocked = NewUser("blocked");
  const auto a = NewUser("a");
  const auto b = NewUser("b");
  Follow(me, followed);
  Block(blocker, me);
  Block(me, blocked);
  NewPost(me);
  NewPost(followed);
  NewPost(hidden);
  NewPost(blocker);
  NewPost(blocked);
  NewPost(a, {}, kNow - 8 * 24 * kHour);  // older than a week
  const auto quiet_new = NewPost(a, {}, kNow - 1 * kHour);
  const auto liked_old = NewPost(b, {}, kNow - 48 * kHour);
  const auto quiet_old = NewPost(b, {}, kNow - 72 * kHour);
  const auto commented = NewPost(a, {}, kNow - 3 * kHour);
  Exec("UPDATE posts SET like_count = 100 WHERE id = " + Id(liked_old));
  Exec("UPDATE posts SET comment_count = 5 WHERE id = " + Id(commented));

  // Scores: commented 11e12/5h = 611k, liked_old 101e12/50h = 561k, quiet_new 1e12/3h = 93k,
  // quiet_old 1e12/74h = 4k.
  const std::vector<std::string> expected = {Id(commented), Id(liked_old), Id(quiet_new), Id(quiet_old)};
  const auto got = All(
      detail::kExploreCursorFields, 1,
      [&](db::Connection& c, const PageRequest& page) {
        // Time passes between pages; the cursor keeps the first page's clock.
        static core::Millis clock = kNow;
        clock += kHour;
        return detail::ExplorePage(c, me.id, page, page.first_page() ? kNow : clock);
      },
      [&] { NewPost(a, {}, kNow + kHour); });  // newer than the snapshot: next refresh
  EXPECT_EQ(got, expected);
  EXPECT_EQ(store::ExploreScore(100, 0, 48 * kHour), 101'000'000'000'000 / (50 * kHour));

  // Anonymous: everyone's public posts, the blocked pair's included.
  const auto anonymous =
      Read([&](db::Connection& c) { return detail::ExplorePage(c, std::nullopt, {.limit = 100}, kNow); });
  EXPECT_EQ(Ids(anonymous).size(), 8u);
}

TEST_P(PostPagesTest, TagPagesShowOnlyPublicUnblockedPostsWhateverTheCase) {
  const auto me = NewUser("me");
  const auto friend_ = NewUser("friend", true);
  const auto blocker = NewUser("blocker");
  const auto open = NewUser("open");
  Follow(me, friend_);
  Accept(me, friend_);
  Block(blocker, me);
  NewPost(friend_, {"sun"});  // private: never on tag pages, even for an approved follower
  NewPost(blocker, {"sun"});
  const auto first = NewPost(open, {"sun", "sea"});
  NewPost(open, {"sea"});
  const auto second = NewPost(open, {"sun"});

  const auto got = All(
      detail::kDatedCursorFields, 1,
      [&](db::Connection& c, const PageRequest& page) { return detail::TagPage(c, me.id, "#Sun", page); },
      [] {});
  EXPECT_EQ(got, (std::vector<std::string>{Id(second), Id(first)}));
  EXPECT_TRUE(Ids(Read([&](db::Connection& c) { return detail::TagPage(c, me.id, "nothing", {}); })).empty());
  EXPECT_TRUE(Ids(Read([&](db::Connection& c) { return detail::TagPage(c, me.id, "#", {}); })).empty());
  EXPECT_TRUE(Ids(Read([&](db::Connection& c) { return detail::TagPage(c, me.id, "s%", {}); })).empty());
}

TEST_P(PostPagesTest, UserPostsFollowTheProfileRulesAndSavedOnlyWhatIsStillVisible) {
  const auto me = NewUser("me");
  const auto priv = NewUser("priv", true);
  const auto open = NewUser("open");
  const auto blocker = NewUser("blocker");
  const auto p1 = NewPost(priv);
  const auto p2 = NewPost(open);
  const auto p3 = NewPost(blocker);
  const auto own = NewPost(me);
  // The unit body and the handler's form (UserPostsPageNow) decide alike.
  const auto not_found = [&](std::optional<core::UserId> viewer, const std::string& name) {
    const auto outcome = [](auto page_of) -> std::optional<boost::json::object> {
      try {
        return AsObject(page_of());
      } catch (const core::Error& e) {
        if (e.code() != core::ErrorCode::kNotFound) throw;
        return std::nullopt;
      }
    };
    const auto unit = outcome(
        [&] { return Read([&](db::Connection& c) { return detail::UserPostsPage(c, viewer, name, {}); }); });
    EXPECT_EQ(outcome([&] { return detail::UserPostsPageNow(db(), viewer, name, {}); }), unit) << name;
    return !unit.has_value();
  };
  EXPECT_TRUE(not_found(me.id, "priv"));
  EXPECT_TRUE(not_found(std::nullopt, "priv"));
  EXPECT_TRUE(not_found(me.id, "nobody"));
  EXPECT_EQ(Ids(Read([&](db::Connection& c) { return detail::UserPostsPage(c, priv.id, "PRIV", {}); })),
            std::vector<std::string>{Id(p1)});

  db().WriteNow([&](db::Connection& c) {
    int t = 100;
    for (const auto post : {p1, p2, p3, own}) {
      c.Exec("INSERT INTO saves (user_id, post_id, created_at) VALUES ($1, $2, $3)", me.id, post, ++t);
    }
  });
  // Saved before the account went private / before the block.
  Block(blocker, me);
  const auto saved = All(
      detail::kSavedCursorFields, 1,
      [&](db::Connection& c, const PageRequest& page) { return detail::SavedPage(c, me.id, page); }, [] {});
  EXPECT_EQ(saved, (std::vector<std::string>{Id(own), Id(p2)}));
  EXPECT_TRUE(not_found(me.id, "blocker"));
  Follow(me, priv);
  Accept(me, priv);
  EXPECT_FALSE(not_found(me.id, "priv"));
  // A suspended account: staff and its owner still see it (the viewer's role decides).
  const auto sus = NewUser("sus");
  const auto mod = NewUser("mod");
  NewPost(sus);
  db().WriteNow([&](db::Connection& c) {
    store::RoleStore().Set(c, "mod", store::Role::kModerator);
    store::SuspensionStore().Put(c, sus.id, "spam", std::nullopt, mod.id, 4);
  });
  EXPECT_TRUE(not_found(me.id, "sus"));
  EXPECT_TRUE(not_found(std::nullopt, "sus"));
  EXPECT_FALSE(not_found(mod.id, "sus"));
  EXPECT_FALSE(not_found(sus.id, "sus"));
  EXPECT_EQ(Ids(Read([&](db::Connection& c) { return detail::UserPostsPage(c, me.id, "priv", {}); })).size(),
            1u);
  EXPECT_EQ(Ids(Read([&](db::Connection& c) { return detail::SavedPage(c, me.id, {}); })).size(), 3u);
}

TEST_P(PostPagesTest, SearchRanksPrefixMatchesEscapesWildcardsAndHidesBlockedUsers) {
  const auto me = NewUser("me");
  const auto anna = NewUser("anna");
  const auto annabel = NewUser("annabel");
  const auto hannah = NewUser("hannah");  // contains "ann" but does not start with it
  const auto annie = NewUser("annie");
  const auto blocker = NewUser("ann_blocker");
  NewUser("an_x");
  Exec("UPDATE users SET display_name = 'Annika Zed' WHERE id = " + std::to_string(hannah.id.value));
  Exec("UPDATE users SET follower_count = 50 WHERE id = " + std::to_string(annabel.id.value));
  Follow(me, annie);
  Block(blocker, me);
  NewPost(anna, {"annapurna", "sunset"});
  NewPost(anna, {"annapurna"});

  const auto names = [&](std::string_view q) {
    const auto result =
        Read([&](db::Connection& c) { return search::SearchResults(c, me.id, search::ParseSearchQuery(q)); });
    std::vector<std::string> users;
    for (const auto& u : result.at("users").as_array()) users.emplace_back(u.at("username").as_string());
    for (const auto& t : result.at("tags").as_array()) {
      users.push_back("#" + std::string(t.at("name").as_string()) + "=" +
                      std::to_string(t.at("postCount").as_int64()));
    }
    return users;
  };
  // Exact username first, then followed, then by follower count; a display name counts.
  EXPECT_EQ(names("ANN"), (std::vector<std::string>{"annie", "annabel", "anna", "hannah", "#annapurna=2"}));
  EXPECT_EQ(names("anna"), (std::vector<std::string>{"anna", "annabel", "#annapurna=2"}));
  EXPECT_EQ(names("@anna"), (std::vector<std::string>{"anna", "annabel"}));
  EXPECT_EQ(names("#ann"), (std::vector<std::string>{"#annapurna=2"}));
  EXPECT_EQ(names("an_"), (std::vector<std::string>{"an_x"}));  // '_' is itself, not any character
  EXPECT_TRUE(names("%").empty());
  EXPECT_TRUE(names("#").empty());
  EXPECT_TRUE(names("  ").empty());
  EXPECT_EQ(store::LikePrefixPattern("a%b_c\\"), "a\\%b\\_c\\\\%");
  const auto count =
      Count([&](db::Connection& c) { search::SearchResults(c, me.id, search::ParseSearchQuery("a")); });
  EXPECT_EQ(count, 2);
}

LENSLET_INSTANTIATE_DB_TEST(PostPagesTest);

}  // namespace
}  // namespace lenslet::api::feed

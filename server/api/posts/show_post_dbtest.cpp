// GET /posts/{id} as its handler runs it (detail::ShowPostNow), on both
// backends: the same post and the same privacy decision as the unit it
// replaced (LoadVisiblePost, then PostStore::Load), for one statement outside
// any transaction on PostgreSQL once the post's images are cached (issue 16).
#include <gtest/gtest.h>

#include <optional>

#include "api/posts/detail/post_access.hpp"
#include "api/posts/detail/show_post.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/post_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"
#include "store/testing/test_users.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::posts {
namespace {

class ShowPostTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  core::PostId NewPost(core::UserId author) {
    return db().WriteNow([&](db::Connection& c) {
      store::PostMediaRow media{
          .width = 1080,
          .height = 720,
          .alt = "a lake",
          .placeholder = "LKO2?U%2Tw=w",
          .average_colour = "#102030",
          .variants = {{"k.webp", 1080, 720, "image/webp"}, {"k.jpg", 540, 360, "image/jpeg"}}};
      return store::PostStore().Insert(c, store::NewPost{author, "hello #sun", {media}, {"sun"}, 1}).id;
    });
  }
  // The post as the unit before issue 16 showed it, or nullopt for its 404.
  std::optional<boost::json::object> Before(std::optional<core::UserId> viewer, core::PostId id) {
    try {
      return db().ReadNow([&](db::Connection& c) {
        detail::LoadVisiblePost(c, viewer, id);
        return views::Post(*store::PostStore().Load(c, id, viewer.value_or(core::UserId())));
      });
    } catch (const core::Error& e) {
      if (e.code() != core::ErrorCode::kNotFound) throw;
      return std::nullopt;
    }
  }
  std::optional<boost::json::object> Now(std::optional<core::UserId> viewer, core::PostId id) {
    try {
      return detail::ShowPostNow(db(), viewer, id).Parse().as_object();
    } catch (const core::Error& e) {
      if (e.code() != core::ErrorCode::kNotFound) throw;
      return std::nullopt;
    }
  }
};

TEST_P(ShowPostTest, APostWithCachedImagesIsOneStatementWithTheViewersFlags) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto post = NewPost(ann);
  db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, 1)", bob, post);
  });
  const bool pg = GetParam() == db::Dialect::kPostgres;
  const auto statements = [&](std::optional<core::UserId> viewer) {
    const auto start = db::ServerStatements(db());
    auto shown = detail::ShowPostNow(db(), viewer, post).Parse().as_object();
    return std::pair(std::move(shown), db::ServerStatements(db()) - start);
  };
  // The first sight reads the images too (and prepares the statements).
  const auto [first, first_cost] = statements(bob);
  EXPECT_EQ(first_cost, pg ? 2 : 6);  // SQLite counts BEGIN and COMMIT of each unit
  EXPECT_EQ(first.at("media").as_array()[0].at("alt").as_string(), "a lake");

  const auto round_trips = db::RoundTrips(db());
  const auto [shown, cost] = statements(bob);
  EXPECT_EQ(db::RoundTrips(db()) - round_trips, cost);
  EXPECT_EQ(cost, pg ? 1 : 3);
  EXPECT_EQ(shown, *Before(bob, post));
  EXPECT_TRUE(shown.at("likedByMe").as_bool());
  EXPECT_FALSE(shown.at("savedByMe").as_bool());
  EXPECT_EQ(statements(std::nullopt).first, *Before(std::nullopt, post));
  EXPECT_FALSE(Now(std::nullopt, post)->at("likedByMe").as_bool());
}

// Every rule LoadVisiblePost applies, decided the same way for every viewer:
// private accounts, blocks either way, suspended (staff still see them) and
// deactivated authors, unknown posts.
TEST_P(ShowPostTest, EveryViewerGetsTheDecisionTheUnitMade) {
  const auto ann = NewUserId("ann");
  const auto follower = NewUserId("follower");
  const auto requester = NewUserId("requester");
  const auto cat = NewUserId("cat", true);
  const auto blocker = NewUserId("blocker");
  const auto blocked = NewUserId("blocked");
  const auto mod = NewUserId("mod");
  const auto suspended = NewUserId("suspended");
  const auto gone = NewUserId("gone");
  db().WriteNow([&](db::Connection& c) {
    store::FollowStore().Follow(c, follower, cat, false, 2);
    store::FollowStore().Follow(c, requester, cat, true, 2);
    store::BlockStore().Block(c, blocker, ann, 3);
    store::BlockStore().Block(c, ann, blocked, 3);
    return store::RoleStore().Set(c, "mod", store::Role::kModerator);
  });
  const std::vector<core::PostId> posts{NewPost(ann),         NewPost(cat),       NewPost(blocker),
                                        NewPost(blocked),     NewPost(suspended), NewPost(gone),
                                        core::PostId(999'999)};
  db().WriteNow([&](db::Connection& c) {
    store::SuspensionStore().Put(c, suspended, "spam", std::nullopt, mod, 4);
    return store::AccountDeletionStore().Deactivate(c, gone, 4, 1'000'000);
  });
  const std::vector<std::optional<core::UserId>> viewers{std::nullopt, ann,     follower, requester, cat,
                                                         blocker,      blocked, mod,      suspended, gone};
  int shown = 0;
  int refused = 0;
  for (const auto viewer : viewers) {
    for (const auto post : posts) {
      const auto expected = Before(viewer, post);
      EXPECT_EQ(Now(viewer, post), expected)
          << "viewer " << (viewer ? viewer->value : 0) << ", post " << post.value;
      ++(expected ? shown : refused);
    }
  }
  // Both outcomes were exercised, and the cases that matter went as the rules say.
  EXPECT_GT(shown, 10);
  EXPECT_GT(refused, 10);
  EXPECT_FALSE(Now(requester, posts[1]));
  EXPECT_TRUE(Now(follower, posts[1]));
  EXPECT_FALSE(Now(ann, posts[2]));
  EXPECT_FALSE(Now(ann, posts[3]));
  EXPECT_FALSE(Now(ann, posts[4]));
  EXPECT_TRUE(Now(mod, posts[4]));        // staff see a suspended author's posts
  EXPECT_TRUE(Now(suspended, posts[4]));  // and so does the author
  EXPECT_FALSE(Now(mod, posts[5]));       // a deactivated account is gone for everyone
}

TEST_P(ShowPostTest, ADeletedPostIsNotFound) {
  const auto ann = NewUserId("ann");
  const auto post = NewPost(ann);
  ASSERT_TRUE(Now(ann, post));
  db().WriteNow([&](db::Connection& c) { return store::PostStore().Delete(c, post).has_value(); });
  EXPECT_FALSE(Now(ann, post));
}

LENSLET_INSTANTIATE_DB_TEST(ShowPostTest);

}  // namespace
}  // namespace lenslet::api::posts

// The comment list on both backends, as a unit body and as its handler runs
// it: restricted comments and the post author's hidden words leave a page
// without breaking its cursor, a page costs a bounded number of statements
// whatever its size, and one statement when nothing needs more.
#include <gtest/gtest.h>

#include "api/posts/detail/comment_page.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/block_store.hpp"
#include "store/comment_store.hpp"
#include "store/follow_store.hpp"
#include "store/post_store.hpp"
#include "store/quiet_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::posts {
namespace {

class CommentPageTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return store::UserStore().Insert(
              c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
        })
        .id;
  }

  // The unit body in a read unit, with the statements the body ran; or the
  // page as the handler runs it (CommentPageNow), with the statements the
  // database ran (BEGIN and COMMIT included, a PREPARE not).
  enum class As { kUnitBody, kHandler };

  std::pair<boost::json::object, std::int64_t> ReadPage(As as, std::optional<core::UserId> viewer,
                                                        core::PostId post, const api::detail::PageRequest& page) {
    if (as == As::kHandler) {
      const auto before = db::ServerStatements(db());
      auto json = detail::CommentPageNow(db(), viewer, post, page);
      return {std::move(json), db::ServerStatements(db()) - before};
    }
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      auto json = detail::CommentPage(c, viewer, post, page);
      return std::pair(std::move(json), c.statements_executed() - before);
    });
  }

  // Every page as `viewer` sees them, following the cursors; the texts and
  // the most statements any page cost.
  std::pair<std::vector<std::string>, std::int64_t> ReadAll(std::optional<core::UserId> viewer,
                                                            core::PostId post, int limit,
                                                            As as = As::kUnitBody) {
    std::vector<std::string> texts;
    std::int64_t most = 0;
    api::detail::PageRequest page{.limit = limit};
    for (int i = 0; i < 100; ++i) {
      const auto [body, statements] = ReadPage(as, viewer, post, page);
      most = std::max(most, statements);
      EXPECT_LE(body.at("items").as_array().size(), static_cast<std::size_t>(limit));
      for (const auto& item : body.at("items").as_array()) {
        texts.emplace_back(item.as_object().at("text").as_string());
      }
      if (body.at("nextCursor").is_null()) return {texts, most};
      page.after = *api::detail::DecodeCursor(body.at("nextCursor").as_string(), 1);
    }
    ADD_FAILURE() << "the pages never ended";
    return {texts, most};
  }
};

TEST_P(CommentPageTest, HiddenAndRestrictedCommentsLeaveThePagesWithoutGapsOrRepeats) {
  const auto author = NewUserId("author");
  const auto pest = NewUserId("pest");
  const auto fan = NewUserId("fan");
  std::vector<std::string> everyone;
  std::vector<std::string> for_author;
  const auto post = db().WriteNow([&](db::Connection& c) {
    const auto id = store::PostStore().Insert(c, store::NewPost{author, "", {}, {}, 1}).id;
    const store::CommentStore comments;
    for (int i = 0; i < 30; ++i) {
      // Runs of hidden comments longer than a batch, and single ones.
      const bool hidden = (i >= 3 && i < 20) || i % 7 == 0;
      const auto text = (hidden ? "spam " : "fine ") + std::to_string(i);
      comments.Insert(c, id, fan, text, 10 + i);
      everyone.push_back(text);
      if (!hidden) for_author.push_back(text);
    }
    comments.Insert(c, id, pest, "restricted", 100, true);
    store::HiddenWordStore().Replace(c, author, {"spam"});
    return id;
  });
  auto with_restricted = for_author;
  with_restricted.push_back("restricted");
  for (const int limit : {1, 2, 5, 40}) {
    const auto [seen_by_author, author_statements] = ReadAll(author, post, limit);
    EXPECT_EQ(seen_by_author, with_restricted) << limit;
    // The post with its author as the viewer sees them (one statement) +
    // hidden words + at most kMaxCommentBatches batches.
    EXPECT_LE(author_statements, 1 + 1 + detail::kMaxCommentBatches) << limit;
    const auto [seen_by_fan, fan_statements] = ReadAll(fan, post, limit);
    EXPECT_EQ(seen_by_fan, everyone) << limit;
    EXPECT_EQ(fan_statements, 1 + 1) << limit;  // no hidden words to read, one batch
    auto pests_view = everyone;
    pests_view.push_back("restricted");
    EXPECT_EQ(ReadAll(pest, post, limit).first, pests_view) << limit;
    EXPECT_EQ(ReadAll(std::nullopt, post, limit).first, everyone) << limit;

    // As the handler runs it: the same pages; one statement for everyone but
    // the author, whose hidden words need the unit (SQLite also counts BEGIN
    // and COMMIT).
    const bool pg = GetParam() == db::Dialect::kPostgres;
    EXPECT_EQ(ReadAll(author, post, limit, As::kHandler).first, with_restricted) << limit;
    const auto [fan_now, fan_now_statements] = ReadAll(fan, post, limit, As::kHandler);
    EXPECT_EQ(fan_now, everyone) << limit;
    EXPECT_EQ(fan_now_statements, pg ? 1 : 3) << limit;
    EXPECT_EQ(ReadAll(pest, post, limit, As::kHandler).first, pests_view) << limit;
    EXPECT_EQ(ReadAll(std::nullopt, post, limit, As::kHandler).first, everyone) << limit;
  }
}

// The handler's one statement makes the decision LoadVisiblePost makes, for
// every viewer: private accounts, blocks either way, suspended (staff still
// see them) and deactivated authors, unknown posts; and an empty page.
TEST_P(CommentPageTest, TheOneStatementPageRefusesExactlyWhatTheUnitRefuses) {
  const auto ann = NewUserId("ann");
  const auto follower = NewUserId("follower");
  const auto cat = NewUserId("cat");
  const auto blocker = NewUserId("blocker");
  const auto mod = NewUserId("mod");
  const auto suspended = NewUserId("suspended");
  const auto gone = NewUserId("gone");
  std::vector<core::PostId> posts;
  db().WriteNow([&](db::Connection& c) {
    store::UserProfileStore().UpdateProfile(c, cat, {.is_private = true, .now = 1});
    store::FollowStore().Follow(c, follower, cat, false, 2);
    store::BlockStore().Block(c, blocker, ann, 3);
    store::RoleStore().Set(c, "mod", store::Role::kModerator);
    for (const auto author : {ann, cat, blocker, suspended, gone}) {
      const auto post = store::PostStore().Insert(c, store::NewPost{author, "", {}, {}, 1}).id;
      store::CommentStore().Insert(c, post, author, "first", 10);
      posts.push_back(post);
    }
    posts.push_back(store::PostStore().Insert(c, store::NewPost{ann, "", {}, {}, 1}).id);  // no comments
    posts.push_back(core::PostId(999'999));
    store::SuspensionStore().Put(c, suspended, "spam", std::nullopt, mod, 4);
    return store::AccountDeletionStore().Deactivate(c, gone, 4, 1'000'000);
  });
  const auto page = [&](As as, std::optional<core::UserId> viewer, core::PostId post) {
    try {
      return std::optional(ReadPage(as, viewer, post, {.limit = 5}).first);
    } catch (const core::Error& e) {
      if (e.code() != core::ErrorCode::kNotFound) throw;
      return std::optional<boost::json::object>();
    }
  };
  int shown = 0;
  int refused = 0;
  for (const auto viewer : std::vector<std::optional<core::UserId>>{std::nullopt, ann, follower, cat, blocker, mod,
                                                                     suspended, gone}) {
    for (const auto post : posts) {
      const auto expected = page(As::kUnitBody, viewer, post);
      EXPECT_EQ(page(As::kHandler, viewer, post), expected)
          << "viewer " << (viewer ? viewer->value : 0) << ", post " << post.value;
      ++(expected ? shown : refused);
    }
  }
  EXPECT_GT(shown, 10);
  EXPECT_GT(refused, 10);
  EXPECT_FALSE(page(As::kHandler, ann, posts[1]));     // private, not followed
  EXPECT_TRUE(page(As::kHandler, follower, posts[1]));
  EXPECT_FALSE(page(As::kHandler, ann, posts[2]));     // the author blocks the viewer
  EXPECT_TRUE(page(As::kHandler, mod, posts[3]));      // staff see a suspended author
  EXPECT_FALSE(page(As::kHandler, ann, posts[3]));
  EXPECT_FALSE(page(As::kHandler, mod, posts[4]));     // deactivated: gone for everyone
  EXPECT_TRUE(page(As::kHandler, ann, posts[5])->at("items").as_array().empty());
}

LENSLET_INSTANTIATE_DB_TEST(CommentPageTest);

}  // namespace
}  // namespace lenslet::api::posts

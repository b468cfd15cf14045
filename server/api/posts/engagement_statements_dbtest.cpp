// What a like, an unlike and a comment cost the database (issue 16.3: every
// statement is a round trip and CPU on the database a cluster shares), on both
// backends: the write unit's statements and those of the live push after it
// (one read unit). The privacy rules these units apply are pinned by
// tests/functional (privacy, blocks, moderation, account deletion).
#include <gtest/gtest.h>

#include "api/posts/detail/engagement.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::posts {
namespace {

class EngagementStatementsTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return store::UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
        })
        .id;
  }
  core::PostId NewPost(core::UserId author) {
    return db().WriteNow(
        [&](db::Connection& c) { return store::PostStore().Insert(c, store::NewPost{author, "hello", {}, {}, 1}).id; });
  }
  // What `body` returned and the statements it ran, in a write unit.
  template <typename F>
  auto Write(F body) {
    return db().WriteNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      auto out = body(c);
      return std::pair(std::move(out), c.statements_executed() - before);
    });
  }
  // The statements of the push's read unit for `created`, and how many it rendered.
  std::pair<std::size_t, std::int64_t> Push(const std::vector<notifications::Created>& created) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      const auto rendered = notifications::RenderPushes(c, created).size();
      return std::pair(rendered, c.statements_executed() - before);
    });
  }
};

TEST_P(EngagementStatementsTest, ALikeAnUnlikeAndACommentCostFewStatements) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto post = NewPost(ann);
  // PostgreSQL writes a like or a comment and its count in one statement.
  const bool pg = GetParam() == db::Dialect::kPostgres;

  const auto [like, like_cost] = Write([&](db::Connection& c) { return detail::StoreLike(c, bob, post, 10); });
  EXPECT_TRUE(like.change.changed);
  EXPECT_EQ(like.change.like_count, 1);
  ASSERT_EQ(like.notified.size(), 1u);
  EXPECT_EQ(like_cost, pg ? 3 : 4);  // was 8: the post with everything the privacy rules need is one statement
  const auto [like_pushed, like_push_cost] = Push(like.notified);
  EXPECT_EQ(like_pushed, 1u);
  EXPECT_EQ(like_push_cost, 2);  // was 6: the notification with the unread count, the post summary

  const auto [again, again_cost] = Write([&](db::Connection& c) { return detail::StoreLike(c, bob, post, 11); });
  EXPECT_FALSE(again.change.changed);
  EXPECT_EQ(again.change.like_count, 1);
  EXPECT_TRUE(again.notified.empty());
  EXPECT_EQ(again_cost, pg ? 2 : 3);  // was 7

  const auto [unlike, unlike_cost] = Write([&](db::Connection& c) { return detail::RemoveLike(c, bob, post); });
  EXPECT_TRUE(unlike.change.changed);
  EXPECT_TRUE(unlike.visible);
  EXPECT_EQ(unlike.change.like_count, 0);
  EXPECT_EQ(unlike_cost, pg ? 3 : 4);  // was 9

  const auto [comment, comment_cost] =
      Write([&](db::Connection& c) { return detail::StoreComment(c, bob, post, "nice", {}, 12); });
  EXPECT_EQ(comment.comment.at("text").as_string(), "nice");
  EXPECT_EQ(comment.comment.at("author").as_object().at("username").as_string(), "bob");
  ASSERT_EQ(comment.notified.size(), 1u);
  EXPECT_EQ(comment_cost, pg ? 3 : 4);  // was 11: restrict, hidden words and the commenter come with the post
  const auto [comment_pushed, comment_push_cost] = Push(comment.notified);
  EXPECT_EQ(comment_pushed, 1u);
  EXPECT_EQ(comment_push_cost, 3);  // was 7
}

LENSLET_INSTANTIATE_DB_TEST(EngagementStatementsTest);

}  // namespace
}  // namespace lenslet::api::posts

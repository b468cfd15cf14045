// The comment list's unit body on both backends: restricted comments and the
// post author's hidden words leave a page without breaking its cursor, and a
// page costs a bounded number of statements whatever its size.
#include <gtest/gtest.h>

#include "api/posts/detail/comment_page.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/comment_store.hpp"
#include "store/post_store.hpp"
#include "store/quiet_store.hpp"
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

  // Every page as `viewer` sees them, following the cursors; the texts and
  // the most statements any page cost.
  std::pair<std::vector<std::string>, std::int64_t> ReadAll(std::optional<core::UserId> viewer,
                                                            core::PostId post, int limit) {
    std::vector<std::string> texts;
    std::int64_t most = 0;
    api::detail::PageRequest page{.limit = limit};
    for (int i = 0; i < 100; ++i) {
      const auto [body, statements] = db().ReadNow([&](db::Connection& c) {
        const auto before = c.statements_executed();
        auto json = detail::CommentPage(c, viewer, post, page);
        return std::pair(std::move(json), c.statements_executed() - before);
      });
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
  }
}

LENSLET_INSTANTIATE_DB_TEST(CommentPageTest);

}  // namespace
}  // namespace lenslet::api::posts

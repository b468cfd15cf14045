// Likes, comments and saves keep their counters exact, also when many units
// race on the same post (threads on both backends).
#include <gtest/gtest.h>

#include <thread>

#include "db/testing/database_fixture.hpp"
#include "store/comment_store.hpp"
#include "store/like_store.hpp"
#include "store/post_store.hpp"
#include "store/save_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class EngagementTest : public db::testing::DatabaseTest {
 protected:
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  core::PostId MakePost(core::UserId author) {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, store::NewPost{author, "", {}, {}, 10}).id;
    });
  }
  PostRow Load(core::PostId id, core::UserId viewer = {}) {
    return *db().ReadNow([&](db::Connection& c) { return PostStore().Load(c, id, viewer); });
  }
};

TEST_P(EngagementTest, ConcurrentLikesAndUnlikesCountExactly) {
  const auto author = NewUser("author");
  const auto post = MakePost(author.id);
  std::vector<UserRow> fans;
  for (int i = 0; i < 20; ++i) fans.push_back(NewUser("fan" + std::to_string(i)));

  const auto race = [&](auto body) {
    std::vector<std::thread> threads;
    for (const auto& fan : fans) {
      // Each fan twice: a double tap must count once.
      for (int k = 0; k < 2; ++k) threads.emplace_back([&, id = fan.id] { body(id); });
    }
    for (auto& t : threads) t.join();
  };
  race([&](core::UserId fan) {
    db().WriteNow([&](db::Connection& c) { return LikeStore().Like(c, fan, post, 20); });
  });
  EXPECT_EQ(Load(post).like_count, 20);
  EXPECT_TRUE(Load(post, fans[3].id).liked_by_me);
  race([&](core::UserId fan) {
    db().WriteNow([&](db::Connection& c) { return LikeStore().Unlike(c, fan, post); });
  });
  EXPECT_EQ(Load(post).like_count, 0);
}

TEST_P(EngagementTest, CommentsAndSavesCount) {
  const auto author = NewUser("author");
  const auto guest = NewUser("guest");
  const auto post = MakePost(author.id);
  const CommentStore comments;
  std::vector<core::CommentId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(db().WriteNow(
        [&](db::Connection& c) { return comments.Insert(c, post, guest.id, "c" + std::to_string(i), 30 + i); }));
  }
  EXPECT_EQ(Load(post).comment_count, 5);
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return comments.Delete(c, ids[1]); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return comments.Delete(c, ids[1]); }));
  EXPECT_EQ(Load(post).comment_count, 4);

  const auto page = db().ReadNow([&](db::Connection& c) { return comments.List(c, post, author.id, ids[0], 2); });
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[2]);
  EXPECT_EQ(page[0].author.id, guest.id);
  EXPECT_EQ(page[1].text, "c3");

  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return SaveStore().Save(c, guest.id, post, 5); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return SaveStore().Save(c, guest.id, post, 6); }));
  EXPECT_TRUE(Load(post, guest.id).saved_by_me);
  EXPECT_FALSE(Load(post, author.id).saved_by_me);
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return SaveStore().Unsave(c, guest.id, post); }));

  // Deleting the post takes its comments along.
  db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, post); });
  EXPECT_TRUE(db().ReadNow([&](db::Connection& c) { return comments.List(c, post, {}, {}, 10); }).empty());
}

LENSLET_INSTANTIATE_DB_TEST(EngagementTest);

}  // namespace
}  // namespace lenslet::store

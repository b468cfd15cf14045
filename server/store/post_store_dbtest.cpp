// Posts with their media references, hashtags and counters, on both backends.
#include <gtest/gtest.h>

#include "db/testing/database_fixture.hpp"
#include "store/hashtag_store.hpp"
#include "store/media_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class PostStoreTest : public db::testing::DatabaseTest {
 protected:
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }

  static PostMediaRow Media(const std::string& a, const std::string& b, std::string alt = "") {
    return PostMediaRow{.width = 1080,
                        .height = 720,
                        .alt = std::move(alt),
                        .placeholder = "LKO2?U%2Tw=w",
                        .average_colour = "#102030",
                        .variants = {{a, 1080, 720, "image/webp"}, {b, 1080, 720, "image/jpeg"}}};
  }

  CreatedPost Create(core::UserId author, std::vector<PostMediaRow> media, std::vector<std::string> tags = {},
                     core::Millis now = 100) {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{author, "caption", media, tags, now});
    });
  }

  std::int64_t RefCount(const std::string& key) {
    return db().ReadNow([&](db::Connection& c) {
      const auto row = c.Exec("SELECT ref_count FROM media_blobs WHERE key = $1", key).first();
      return row ? row->Int(0) : 0;
    });
  }
  std::int64_t PostCount(core::UserId user) {
    return db().ReadNow([&](db::Connection& c) { return UserStore().FindById(c, user)->post_count; });
  }
  std::int64_t TagCount(const std::string& name) {
    return db().ReadNow([&](db::Connection& c) {
      const auto tag = HashtagStore().Find(c, name);
      return tag ? tag->post_count : -1;
    });
  }
};

TEST_P(PostStoreTest, CreateAndDeleteKeepReferenceCountsAndCounters) {
  const auto alice = NewUser("alice");
  const auto first =
      Create(alice.id, {Media("k1.webp", "k1.jpg", "one"), Media("k2.webp", "k2.jpg")}, {"sun", "sea"});
  EXPECT_EQ(first.new_blobs.size(), 4u);
  // The same image in a second post shares the files.
  const auto second = Create(alice.id, {Media("k1.webp", "k1.jpg")}, {"sun"});
  EXPECT_TRUE(second.new_blobs.empty());
  EXPECT_EQ(RefCount("k1.webp"), 2);
  EXPECT_EQ(RefCount("k2.jpg"), 1);
  EXPECT_EQ(PostCount(alice.id), 2);
  EXPECT_EQ(TagCount("sun"), 2);
  EXPECT_EQ(TagCount("sea"), 1);

  const auto loaded =
      db().ReadNow([&](db::Connection& c) { return PostStore().Load(c, first.id, alice.id); });
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->author.id, alice.id);
  ASSERT_EQ(loaded->media.size(), 2u);
  EXPECT_EQ(loaded->media[0].alt, "one");
  ASSERT_EQ(loaded->media[0].variants.size(), 2u);
  EXPECT_EQ(loaded->media[0].variants[0].key, "k1.webp");
  EXPECT_EQ(loaded->media[1].variants[1].key, "k2.jpg");

  const auto bob = NewUser("bob");
  db().WriteNow([&](db::Connection& c) {
    NotificationStore().Upsert(c, {.recipient = alice.id,
                                   .type = NotificationType::kLike,
                                   .actor = bob.id,
                                   .post = first.id,
                                   .now = 5});
  });
  const auto released = db().WriteNow([&](db::Connection& c) { return PostStore().Delete(c, first.id); });
  ASSERT_TRUE(released);
  // k1 is still used by the second post; k2 was only in the first.
  EXPECT_EQ(*released, (std::vector<std::string>{"k2.jpg", "k2.webp"}));
  EXPECT_EQ(RefCount("k1.webp"), 1);
  EXPECT_EQ(RefCount("k2.webp"), 0);
  EXPECT_EQ(PostCount(alice.id), 1);
  EXPECT_EQ(TagCount("sun"), 1);
  EXPECT_EQ(TagCount("sea"), 0);
  EXPECT_TRUE(
      db().ReadNow([&](db::Connection& c) { return NotificationStore().List(c, alice.id, {}, 10); }).empty());
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return PostStore().Delete(c, first.id); }));

  const auto last = db().WriteNow([&](db::Connection& c) { return PostStore().Delete(c, second.id); });
  EXPECT_EQ(*last, (std::vector<std::string>{"k1.jpg", "k1.webp"}));
  EXPECT_EQ(PostCount(alice.id), 0);
}

// Whatever remembers a post by its id (the rendered-post and image caches, a
// client's cache, a link) must never find another post under it: SQLite gave
// a deleted newest post's id to the next post (migration 0022).
TEST_P(PostStoreTest, ADeletedPostsIdIsNeverGivenAgain) {
  const auto ann = NewUser("ann");
  const auto first = Create(ann.id, {Media("a1.webp", "a1.jpg")});
  const auto newest = Create(ann.id, {Media("b1.webp", "b1.jpg")});
  db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, newest.id); });
  const auto next = Create(ann.id, {Media("c1.webp", "c1.jpg")});
  EXPECT_GT(next.id.value, newest.id.value);
  EXPECT_GT(newest.id.value, first.id.value);
  // Every insert is held to it, not only PostStore's (SQLite's trigger).
  if (GetParam() == db::Dialect::kSqlite) {
    db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, next.id); });
    EXPECT_THROW(db().WriteNow([&](db::Connection& c) {
      c.Exec(
          "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at) VALUES ($1, '', 0, "
          "0, 1)",
          ann.id);
    }),
                 std::exception);
  }
}

TEST_P(PostStoreTest, AvatarReferencesItsBlob) {
  const auto alice = NewUser("alice");
  const auto none = db().WriteNow(
      [&](db::Connection& c) { return MediaStore().ReplaceAvatar(c, alice.id, std::string("a1.jpg"), 2); });
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(RefCount("a1.jpg"), 1);
  const auto old = db().WriteNow(
      [&](db::Connection& c) { return MediaStore().ReplaceAvatar(c, alice.id, std::string("a2.jpg"), 3); });
  EXPECT_EQ(old, std::vector<std::string>{"a1.jpg"});
  EXPECT_EQ(RefCount("a1.jpg"), 0);
  EXPECT_EQ(RefCount("a2.jpg"), 1);
}

TEST_P(PostStoreTest, PageLoaderCostsThreeStatementsWhateverThePageSize) {
  const auto alice = NewUser("alice");
  const auto viewer = NewUser("viewer");
  std::vector<core::PostId> ids;
  for (int i = 0; i < 40; ++i) {
    const auto k = std::to_string(i);
    ids.push_back(
        Create(alice.id, {Media(k + "a.webp", k + "a.jpg"), Media(k + "b.webp", k + "b.jpg")}, {}, 100 + i)
            .id);
  }
  db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO likes (user_id, post_id, created_at) VALUES ($1, $2, 1)", viewer.id, ids[3]);
    c.Exec("INSERT INTO saves (user_id, post_id, created_at) VALUES ($1, $2, 1)", viewer.id, ids[5]);
  });
  for (const std::size_t n : {1u, 7u, 40u}) {
    const std::vector<core::PostId> page(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n));
    const auto [posts, statements] = db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      auto posts = PostStore().LoadPage(c, page, viewer.id);
      return std::pair(std::move(posts), c.statements_executed() - before);
    });
    EXPECT_EQ(statements, 3) << n;
    ASSERT_EQ(posts.size(), n);
    EXPECT_EQ(posts.front().id, ids.front());
    EXPECT_EQ(posts.back().media.size(), 2u);
    if (n == 40) {
      EXPECT_TRUE(posts[3].liked_by_me);
      EXPECT_FALSE(posts[3].saved_by_me);
      EXPECT_TRUE(posts[5].saved_by_me);
      EXPECT_FALSE(posts[4].liked_by_me);
    }
  }
  // Unknown ids are skipped, the order of the request kept.
  const std::vector<core::PostId> mixed{ids[9], core::PostId(999'999), ids[2]};
  const auto posts = db().ReadNow([&](db::Connection& c) { return PostStore().LoadPage(c, mixed, {}); });
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].id, ids[9]);
  EXPECT_EQ(posts[1].id, ids[2]);
}

// A page reads a post's images once; after that only the post's row, until
// an edit changes them. Two edits within one millisecond still both show.
TEST_P(PostStoreTest, ImagesAreReadOnceAndAgainAfterEachEdit) {
  const auto alice = NewUser("alice");
  const auto post = Create(alice.id, {Media("c1.webp", "c1.jpg", "first")}).id;
  const std::vector<core::PostId> page{post};
  const auto load = [&] {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      auto posts = PostStore().LoadPage(c, page, {});
      return std::pair(std::move(posts), c.statements_executed() - before);
    });
  };
  const auto [first, first_cost] = load();
  EXPECT_EQ(first_cost, 2);
  const auto [again, again_cost] = load();
  EXPECT_EQ(again_cost, 1) << "the images came from the cache";
  ASSERT_EQ(again.size(), 1u);
  ASSERT_EQ(again.front().media.size(), 1u);
  EXPECT_EQ(again.front().media.front().alt, "first");
  EXPECT_EQ(again.front().media.front().variants.size(), 2u);
  EXPECT_EQ(again.front().media.front().variants.front().key, "c1.webp");

  std::optional<core::Millis> last_edit;
  for (const std::string alt : {"second", "third"}) {
    db().WriteNow([&](db::Connection& c) {
      return PostStore().Edit(c, post, PostEdit{.alts = std::vector<std::string>{alt}, .now = 500});
    });
    const auto [edited, cost] = load();
    EXPECT_EQ(cost, 2) << alt;
    EXPECT_EQ(edited.front().media.front().alt, alt);
    ASSERT_TRUE(edited.front().edited_at.has_value());
    if (last_edit) {
      EXPECT_GT(*edited.front().edited_at, *last_edit) << "edited_at moves forward";
    }
    last_edit = edited.front().edited_at;
  }
}

LENSLET_INSTANTIATE_DB_TEST(PostStoreTest);

}  // namespace
}  // namespace lenslet::store

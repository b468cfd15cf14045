#include <gtest/gtest.h>

#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/notification_store.hpp"
#include "store/quiet_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class NotificationStoreTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return users_.Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1'000});
        })
        .id;
  }
  std::optional<core::NotificationId> Upsert(const NewNotification& n) {
    return db().WriteNow([&](db::Connection& c) { return notifications_.Upsert(c, n); });
  }
  std::vector<NotificationRow> List(core::UserId recipient, std::optional<core::NotificationId> before = {},
                                    int limit = 50) {
    return db().ReadNow([&](db::Connection& c) { return notifications_.List(c, recipient, before, limit); });
  }
  std::int64_t Unread(core::UserId recipient) {
    return db().ReadNow([&](db::Connection& c) { return notifications_.UnreadCount(c, recipient); });
  }

  UserStore users_;
  NotificationStore notifications_;
};

TEST_P(NotificationStoreTest, TypesRoundTrip) {
  for (const auto type : {NotificationType::kLike, NotificationType::kComment, NotificationType::kFollow,
                          NotificationType::kFollowRequest, NotificationType::kMention, NotificationType::kSecurity}) {
    EXPECT_EQ(ParseNotificationType(ToString(type)), type);
  }
  EXPECT_FALSE(ParseNotificationType("poke"));
}

// Issue 17.4: wrong passwords on your own account are the one thing you are
// notified of as your own actor (the database's CHECK agrees: migration 0007).
TEST_P(NotificationStoreTest, ASecurityNotificationIsTheOwnersOwn) {
  const auto alice = NewUserId("alice");
  const auto id = Upsert({alice, NotificationType::kSecurity, alice, {}, {}, 1});
  ASSERT_TRUE(id);
  const auto all = List(alice);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all.front().type, NotificationType::kSecurity);
  EXPECT_EQ(all.front().actor.id, alice);
  EXPECT_EQ(Unread(alice), 1);
  // Any other type from yourself is still refused, by the database too.
  EXPECT_FALSE(Upsert({alice, NotificationType::kLike, alice, core::PostId(1), {}, 2}));
  EXPECT_ANY_THROW(db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO notifications (recipient_id, type, actor_id, is_read, created_at) VALUES ($1, 'like', $1, 0, 3)",
           alice);
  }));
}

TEST_P(NotificationStoreTest, OneNotificationPerIdentityAndNoneForYourself) {
  const auto alice = NewUserId("alice");
  const auto bob = NewUserId("bob");
  EXPECT_FALSE(Upsert({alice, NotificationType::kFollow, alice, {}, {}, 1}));
  const auto first = Upsert({alice, NotificationType::kFollow, bob, {}, {}, 2});
  ASSERT_TRUE(first);
  EXPECT_FALSE(Upsert({alice, NotificationType::kFollow, bob, {}, {}, 3}));
  // Different posts or comments are different notifications, even for the
  // same type and actor; nullable columns take part in the identity.
  EXPECT_TRUE(Upsert({alice, NotificationType::kLike, bob, core::PostId(7), {}, 4}));
  EXPECT_TRUE(Upsert({alice, NotificationType::kLike, bob, core::PostId(8), {}, 5}));
  EXPECT_FALSE(Upsert({alice, NotificationType::kLike, bob, core::PostId(8), {}, 6}));
  EXPECT_TRUE(Upsert({alice, NotificationType::kComment, bob, core::PostId(8), core::CommentId(1), 7}));
  EXPECT_TRUE(Upsert({alice, NotificationType::kComment, bob, core::PostId(8), core::CommentId(2), 8}));

  const auto all = List(alice);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all.back().id, *first);
  EXPECT_EQ(all.front().type, NotificationType::kComment);
  EXPECT_EQ(all.front().comment, core::CommentId(2));
  EXPECT_EQ(all.front().post, core::PostId(8));
  EXPECT_EQ(all.front().actor.id, bob);
  EXPECT_EQ(all.back().post, std::nullopt);
  EXPECT_TRUE(List(bob).empty());

  // Undo → redo makes a new notification rather than stacking a second one.
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) {
    return notifications_.Remove(c, alice, NotificationType::kLike, bob, core::PostId(8));
  }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) {
    return notifications_.Remove(c, alice, NotificationType::kLike, bob, core::PostId(8));
  }));
  EXPECT_TRUE(Upsert({alice, NotificationType::kLike, bob, core::PostId(8), {}, 9}));
  EXPECT_EQ(List(alice).size(), 5u);
}

// A badge shows "99+" past 99: the count stops at kUnreadCountCap, so a
// popular account's thousands of unread notifications are never all read
// for it. Below the cap it is exact, mutes and reading included.
TEST_P(NotificationStoreTest, TheUnreadCountStopsAtItsCap) {
  const auto star = NewUserId("star");
  const auto cap = NotificationStore::kUnreadCountCap;
  std::vector<core::UserId> fans;
  std::optional<core::NotificationId> last;
  for (std::int64_t i = 0; i < cap + 20; ++i) {
    fans.push_back(NewUserId("fan" + std::to_string(i)));
    last = Upsert({star, NotificationType::kFollow, fans.back(), {}, {}, 10 + i});
    ASSERT_TRUE(last);
  }
  EXPECT_EQ(Unread(star), cap);
  // 21 of them read (the oldest): 99 left, counted exactly.
  const auto oldest = List(star, {}, static_cast<int>(cap + 20)).back().id;
  db().WriteNow([&](db::Connection& c) {
    notifications_.MarkRead(c, star, core::NotificationId(oldest.value + 20));
  });
  EXPECT_EQ(Unread(star), cap - 1);
  // A muted actor's leave the count.
  db().WriteNow([&](db::Connection& c) { MuteStore().Mute(c, star, fans.back(), 1'000); });
  EXPECT_EQ(Unread(star), cap - 2);
}

TEST_P(NotificationStoreTest, PagesUnreadCountAndMarkRead) {
  const auto alice = NewUserId("alice");
  const auto bob = NewUserId("bob");
  std::vector<core::NotificationId> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(*Upsert({alice, NotificationType::kLike, bob, core::PostId(i + 1), {}, i}));
  Upsert({bob, NotificationType::kFollow, alice, {}, {}, 1});
  EXPECT_EQ(Unread(alice), 6);

  const auto page1 = List(alice, {}, 4);
  ASSERT_EQ(page1.size(), 4u);
  EXPECT_EQ(page1[0].id, ids[5]);
  const auto page2 = List(alice, page1.back().id, 4);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[1].id, ids[0]);

  EXPECT_EQ(db().WriteNow([&](db::Connection& c) { return notifications_.MarkRead(c, alice, ids[2]); }), 3);
  EXPECT_EQ(Unread(alice), 3);
  EXPECT_TRUE(List(alice, {}, 10)[5].read);
  EXPECT_FALSE(List(alice, {}, 10)[0].read);
  // Only the recipient's own notifications change.
  EXPECT_EQ(db().WriteNow([&](db::Connection& c) { return notifications_.MarkRead(c, alice, {}); }), 3);
  EXPECT_EQ(Unread(alice), 0);
  EXPECT_EQ(Unread(bob), 1);

  db().ReadNow([&](db::Connection& c) {
    for (const int limit : {1, 3, 10}) {
      const auto before = c.statements_executed();
      notifications_.List(c, alice, {}, limit);
      EXPECT_EQ(c.statements_executed() - before, 1);
    }
  });
}

// POST /notifications/read {upTo} marks what the client has shown without
// racing newer arrivals, so a newer one must never take a shown one's id:
// SQLite gave an unliked newest notification's id to the next, and marking
// the list read up to it hid that one unseen (migration 0023).
TEST_P(NotificationStoreTest, MarkingReadUpToAShownNotificationLeavesALaterOneUnread) {
  const auto alice = NewUserId("alice");
  const auto bob = NewUserId("bob");
  const auto carol = NewUserId("carol");
  const auto shown = Upsert({alice, NotificationType::kLike, bob, core::PostId(7), {}, 1});
  ASSERT_TRUE(shown);
  ASSERT_EQ(List(alice).front().id, *shown);
  // Bob unlikes, Carol likes: a notification alice has not seen.
  ASSERT_TRUE(db().WriteNow([&](db::Connection& c) {
    return notifications_.Remove(c, alice, NotificationType::kLike, bob, core::PostId(7));
  }));
  const auto later = Upsert({alice, NotificationType::kLike, carol, core::PostId(7), {}, 2});
  ASSERT_TRUE(later);
  EXPECT_GT(later->value, shown->value);
  EXPECT_EQ(db().WriteNow([&](db::Connection& c) { return notifications_.MarkRead(c, alice, *shown); }), 0);
  EXPECT_EQ(Unread(alice), 1);
}

TEST_P(NotificationStoreTest, ConvertFollowRequestsAndRemoveBetween) {
  const auto owner = NewUserId("owner");
  const auto a = NewUserId("aaa");
  const auto b = NewUserId("bbb");
  const auto c3 = NewUserId("ccc");
  const auto from_a = Upsert({owner, NotificationType::kFollowRequest, a, {}, {}, 1});
  Upsert({owner, NotificationType::kFollowRequest, b, {}, {}, 2});
  Upsert({owner, NotificationType::kFollowRequest, c3, {}, {}, 3});
  // A stray follow from c: the request becomes redundant and is dropped.
  Upsert({owner, NotificationType::kFollow, c3, {}, {}, 4});

  EXPECT_EQ(
      db().WriteNow([&](db::Connection& c) { return notifications_.ConvertFollowRequests(c, owner, a); }), 1);
  auto list = List(owner);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list.back().id, *from_a);
  EXPECT_EQ(list.back().type, NotificationType::kFollow);

  EXPECT_EQ(
      db().WriteNow([&](db::Connection& c) { return notifications_.ConvertFollowRequests(c, owner, {}); }),
      1);
  list = List(owner);
  ASSERT_EQ(list.size(), 3u);
  for (const auto& n : list) EXPECT_EQ(n.type, NotificationType::kFollow);

  Upsert({a, NotificationType::kLike, owner, core::PostId(1), {}, 5});
  EXPECT_EQ(db().WriteNow([&](db::Connection& c) { return notifications_.RemoveBetween(c, owner, a); }), 2);
  EXPECT_EQ(List(owner).size(), 2u);
  EXPECT_TRUE(List(a).empty());
}

class BlockStoreTest : public NotificationStoreTest {};

TEST_P(BlockStoreTest, BlockIsOneWayButSeenBothWays) {
  const auto alice = NewUserId("alice");
  const auto bob = NewUserId("bob");
  const auto carol = NewUserId("carol");
  BlockStore blocks;
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return blocks.Block(c, alice, bob, 1); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return blocks.Block(c, alice, bob, 2); }));
  db().ReadNow([&](db::Connection& c) {
    EXPECT_TRUE(blocks.EitherBlocks(c, alice, bob));
    EXPECT_TRUE(blocks.EitherBlocks(c, bob, alice));
    EXPECT_FALSE(blocks.EitherBlocks(c, alice, carol));
    EXPECT_FALSE(blocks.EitherBlocks(c, core::UserId(0), bob));
  });
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return blocks.Unblock(c, bob, alice); }));
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return blocks.Unblock(c, alice, bob); }));
  db().ReadNow([&](db::Connection& c) { EXPECT_FALSE(blocks.EitherBlocks(c, alice, bob)); });
}

LENSLET_INSTANTIATE_DB_TEST(NotificationStoreTest);
LENSLET_INSTANTIATE_DB_TEST(BlockStoreTest);

}  // namespace
}  // namespace lenslet::store

// Mutes, restricts and hidden words (issue 13.5) and the statements that
// apply them: the home feed, notifications and comments, on both databases.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/comment_store.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/quiet_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class QuietStoreTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return UserStore().Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1'000});
        })
        .id;
  }
  core::PostId MakePost(core::UserId author, core::Millis at = 10) {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, NewPost{author, "", {}, {}, at}).id;
    });
  }
  std::int64_t CommentCount(core::PostId post) {
    return db().ReadNow(
        [&](db::Connection& c) { return PostStore().Load(c, post, core::UserId())->comment_count; });
  }
  std::vector<core::CommentId> CommentsSeenBy(core::PostId post, core::UserId viewer) {
    const auto rows =
        db().ReadNow([&](db::Connection& c) { return CommentStore().List(c, post, viewer, {}, 50); });
    std::vector<core::CommentId> ids;
    for (const auto& row : rows) ids.push_back(row.id);
    return ids;
  }
  template <typename F>
  auto Write(F body) {
    return db().WriteNow([&](db::Connection& c) { return body(c); });
  }
  template <typename F>
  auto Read(F body) {
    return db().ReadNow([&](db::Connection& c) { return body(c); });
  }

  MuteStore mutes_;
  RestrictStore restricts_;
  HiddenWordStore words_;
};

std::vector<std::string> Usernames(const std::vector<ListedUser>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.user.username);
  return out;
}

TEST_P(QuietStoreTest, MuteAndRestrictAreOneRowPerPairAndIdempotent) {
  const auto me = NewUserId("me");
  const auto them = NewUserId("them");
  EXPECT_TRUE(Write([&](auto& c) { return mutes_.Mute(c, me, them, 5); }));
  EXPECT_FALSE(Write([&](auto& c) { return mutes_.Mute(c, me, them, 6); }));
  EXPECT_TRUE(Read([&](auto& c) { return mutes_.IsMuted(c, me, them); }));
  EXPECT_FALSE(Read([&](auto& c) { return mutes_.IsMuted(c, them, me); }));  // one direction only
  EXPECT_TRUE(Write([&](auto& c) { return mutes_.Unmute(c, me, them); }));
  EXPECT_FALSE(Write([&](auto& c) { return mutes_.Unmute(c, me, them); }));

  EXPECT_TRUE(Write([&](auto& c) { return restricts_.Restrict(c, me, them, 5); }));
  EXPECT_FALSE(Write([&](auto& c) { return restricts_.Restrict(c, me, them, 6); }));
  EXPECT_TRUE(Read([&](auto& c) { return restricts_.IsRestricted(c, me, them); }));
  EXPECT_FALSE(Read([&](auto& c) { return restricts_.IsRestricted(c, them, me); }));
  EXPECT_TRUE(Write([&](auto& c) { return restricts_.Unrestrict(c, me, them); }));
  EXPECT_FALSE(Write([&](auto& c) { return restricts_.Unrestrict(c, me, them); }));
}

TEST_P(QuietStoreTest, RelationOfReadsFollowStateAndFlagsInOneStatement) {
  const auto me = NewUserId("me");
  const auto them = NewUserId("them");
  Write([&](auto& c) {
    FollowStore().Follow(c, me, them, true, 5);
    return restricts_.Restrict(c, me, them, 5);
  });
  const auto [relation, statements] = Read([&](auto& c) {
    const auto before = c.statements_executed();
    const auto r = RelationOf(c, me, them);
    return std::pair(r, c.statements_executed() - before);
  });
  EXPECT_EQ(statements, 1);
  EXPECT_EQ(relation.follow, FollowState::kRequested);
  EXPECT_FALSE(relation.quiet.muted);
  EXPECT_TRUE(relation.quiet.restricted);
  const auto back = Read([&](auto& c) { return RelationOf(c, them, me); });
  EXPECT_EQ(back.follow, FollowState::kNone);
  EXPECT_FALSE(back.quiet.restricted);
}

TEST_P(QuietStoreTest, ListsAreNewestFirstPagedWithFlagsAndLeaveOutBlockedUsers) {
  const auto me = NewUserId("me");
  std::vector<core::UserId> others;
  for (int i = 0; i < 4; ++i) others.push_back(NewUserId("other" + std::to_string(i)));
  Write([&](auto& c) {
    for (int i = 0; i < 4; ++i) mutes_.Mute(c, me, others[i], 100 + i);
    restricts_.Restrict(c, me, others[2], 50);
    FollowStore().Follow(c, me, others[3], false, 50);
    return BlockStore().Block(c, others[0], me, 60);  // blocked me: gone from my lists while it lasts
  });
  const auto first = Read([&](auto& c) { return mutes_.Muted(c, me, std::nullopt, 2); });
  EXPECT_EQ(Usernames(first), (std::vector<std::string>{"other3", "other2"}));
  EXPECT_TRUE(first[0].viewer_quiet.muted);
  EXPECT_FALSE(first[0].viewer_quiet.restricted);
  EXPECT_EQ(first[0].viewer_state, FollowState::kFollowing);
  EXPECT_TRUE(first[1].viewer_quiet.restricted);
  const auto rest = Read([&](auto& c) { return mutes_.Muted(c, me, first.back().position, 10); });
  EXPECT_EQ(Usernames(rest), (std::vector<std::string>{"other1"}));
  EXPECT_EQ(Usernames(Read([&](auto& c) { return restricts_.Restricted(c, me, std::nullopt, 10); })),
            (std::vector<std::string>{"other2"}));
  EXPECT_TRUE(Read([&](auto& c) { return mutes_.Muted(c, others[1], std::nullopt, 10); }).empty());
}

TEST_P(QuietStoreTest, FollowListsReadTheViewersFlagsInTheirOneStatement) {
  const auto me = NewUserId("me");
  const auto star = NewUserId("star");
  const auto fan = NewUserId("fan");
  Write([&](auto& c) {
    FollowStore().Follow(c, fan, star, false, 5);
    mutes_.Mute(c, me, fan, 5);
    return restricts_.Restrict(c, me, fan, 5);
  });
  const auto [rows, statements] = Read([&](auto& c) {
    const auto before = c.statements_executed();
    auto r = FollowStore().Followers(c, star, me, std::nullopt, 10);
    return std::pair(r, c.statements_executed() - before);
  });
  EXPECT_EQ(statements, 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].viewer_quiet.muted);
  EXPECT_TRUE(rows[0].viewer_quiet.restricted);
  const auto anonymous =
      Read([&](auto& c) { return FollowStore().Followers(c, star, core::UserId(0), std::nullopt, 10); });
  EXPECT_FALSE(anonymous.at(0).viewer_quiet.muted);
}

TEST_P(QuietStoreTest, HiddenWordsAreReplacedAsAWholeList) {
  const auto me = NewUserId("me");
  const auto other = NewUserId("other");
  Write([&](auto& c) {
    words_.Replace(c, other, {"theirs"});
    words_.Replace(c, me, {"b", "a", "c"});
    return 0;
  });
  EXPECT_EQ(Read([&](auto& c) { return words_.List(c, me); }), (std::vector<std::string>{"a", "b", "c"}));
  Write([&](auto& c) {
    words_.Replace(c, me, {"z", "y"});  // three words, padded to four by repeating the last
    return 0;
  });
  EXPECT_EQ(Read([&](auto& c) { return words_.List(c, me); }), (std::vector<std::string>{"y", "z"}));
  std::vector<std::string> hundred;
  for (int i = 0; i < 100; ++i) hundred.push_back("w" + std::to_string(1000 + i));
  const auto statements = Write([&](auto& c) {
    const auto before = c.statements_executed();
    words_.Replace(c, me, hundred);
    return c.statements_executed() - before;
  });
  EXPECT_EQ(statements, 2);
  EXPECT_EQ(Read([&](auto& c) { return words_.List(c, me); }), hundred);
  Write([&](auto& c) {
    words_.Replace(c, me, {});
    return 0;
  });
  EXPECT_TRUE(Read([&](auto& c) { return words_.List(c, me); }).empty());
  EXPECT_EQ(Read([&](auto& c) { return words_.List(c, other); }), (std::vector<std::string>{"theirs"}));
}

TEST_P(QuietStoreTest, HomeFeedLeavesOutMutedFolloweesOnly) {
  const auto me = NewUserId("me");
  const auto loud = NewUserId("loud");
  const auto friendly = NewUserId("friendly");
  Write([&](auto& c) {
    FollowStore().Follow(c, me, loud, false, 5);
    return FollowStore().Follow(c, me, friendly, false, 5);
  });
  const auto mine = MakePost(me);
  const auto noisy = MakePost(loud);
  const auto nice = MakePost(friendly);
  const auto home = [&](core::UserId viewer) {
    return Read([&](auto& c) { return FeedStore().Home(c, viewer, std::nullopt, 10); });
  };
  EXPECT_EQ(home(me), (std::vector<core::PostId>{nice, noisy, mine}));
  Write([&](auto& c) { return mutes_.Mute(c, me, loud, 20); });
  EXPECT_EQ(home(me), (std::vector<core::PostId>{nice, mine}));
  // Someone else who follows the muted account still gets it.
  const auto other = NewUserId("other");
  Write([&](auto& c) { return FollowStore().Follow(c, other, loud, false, 5); });
  EXPECT_EQ(home(other), (std::vector<core::PostId>{noisy}));
  // The follow itself stays.
  EXPECT_EQ(Read([&](auto& c) { return FollowStore().StateOf(c, me, loud); }), FollowState::kFollowing);
  Write([&](auto& c) { return mutes_.Unmute(c, me, loud); });
  EXPECT_EQ(home(me), (std::vector<core::PostId>{nice, noisy, mine}));
}

TEST_P(QuietStoreTest, NotificationsOfAMutedActorLeaveTheListAndTheUnreadCountWhileTheMuteLasts) {
  const auto me = NewUserId("me");
  const auto loud = NewUserId("loud");
  const auto friendly = NewUserId("friendly");
  const NotificationStore notifications;
  Write([&](auto& c) {
    notifications.Upsert(c, {.recipient = me, .type = NotificationType::kFollow, .actor = loud, .now = 5});
    notifications.Upsert(c,
                         {.recipient = me, .type = NotificationType::kFollow, .actor = friendly, .now = 6});
    // The muted one's own notifications are untouched.
    return notifications.Upsert(
        c, {.recipient = loud, .type = NotificationType::kFollow, .actor = me, .now = 7});
  });
  const auto actors = [&](core::UserId recipient) {
    std::vector<core::UserId> out;
    for (const auto& n : Read([&](auto& c) { return notifications.List(c, recipient, std::nullopt, 10); })) {
      out.push_back(n.actor.id);
    }
    return out;
  };
  const auto unread = [&] { return Read([&](auto& c) { return notifications.UnreadCount(c, me); }); };
  EXPECT_EQ(actors(me), (std::vector<core::UserId>{friendly, loud}));
  EXPECT_EQ(unread(), 2);
  Write([&](auto& c) { return mutes_.Mute(c, me, loud, 10); });
  EXPECT_EQ(actors(me), (std::vector<core::UserId>{friendly}));
  EXPECT_EQ(unread(), 1);
  EXPECT_EQ(actors(loud), (std::vector<core::UserId>{me}));
  // Activity while muted is kept, and shows once unmuted.
  Write([&](auto& c) {
    return notifications.Upsert(
        c, {.recipient = me, .type = NotificationType::kMention, .actor = loud, .now = 11});
  });
  EXPECT_EQ(unread(), 1);
  Write([&](auto& c) { return mutes_.Unmute(c, me, loud); });
  EXPECT_EQ(actors(me), (std::vector<core::UserId>{loud, friendly, loud}));
  EXPECT_EQ(unread(), 3);
}

TEST_P(QuietStoreTest, RestrictedCommentsAreOnlyForTheTwoAndNotCounted) {
  const auto author = NewUserId("author");
  const auto restricted = NewUserId("restricted");
  const auto other = NewUserId("other");
  const auto post = MakePost(author);
  const CommentStore comments;
  const auto open = Write([&](auto& c) { return comments.Insert(c, post, other, "hello", 20); });
  const auto hidden = Write([&](auto& c) { return comments.Insert(c, post, restricted, "psst", 21, true); });
  EXPECT_EQ(CommentCount(post), 1);  // what everyone sees
  EXPECT_EQ(CommentsSeenBy(post, author), (std::vector<core::CommentId>{open, hidden}));
  EXPECT_EQ(CommentsSeenBy(post, restricted), (std::vector<core::CommentId>{open, hidden}));
  EXPECT_EQ(CommentsSeenBy(post, other), (std::vector<core::CommentId>{open}));
  EXPECT_EQ(CommentsSeenBy(post, core::UserId()), (std::vector<core::CommentId>{open}));
  // Deleting either keeps the count exact.
  EXPECT_TRUE(Write([&](auto& c) { return comments.Delete(c, hidden); }));
  EXPECT_EQ(CommentCount(post), 1);
  EXPECT_TRUE(Write([&](auto& c) { return comments.Delete(c, open); }));
  EXPECT_EQ(CommentCount(post), 0);
}

LENSLET_INSTANTIATE_DB_TEST(QuietStoreTest);

}  // namespace
}  // namespace lenslet::store

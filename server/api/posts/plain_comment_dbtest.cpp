// The one-statement comment (PostgreSQL, store::CommentIfPlain) writes only
// in the plain case — a post the commenter plainly may see, a comment neither
// restricted nor exposed to the author's hidden words, without mentions — and
// answers exactly as the unit would; every other case goes to the unit
// (detail::StoreComment), which answers as before on both databases.
#include <gtest/gtest.h>

#include <array>

#include "api/notifications/targets.hpp"
#include "api/notifications/testing/as_listed.hpp"
#include "api/posts/detail/engagement.hpp"
#include "api/views/notification_view.hpp"
#include "api/views/post_view.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/block_store.hpp"
#include "store/comment_store.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"
#include "store/plain_comment.hpp"
#include "store/post_store.hpp"
#include "store/quiet_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::posts {
namespace {

class PlainCommentTest : public db::testing::DatabaseTest {
 protected:
  core::UserId NewUserId(const std::string& name, bool is_private = false) {
    return store::testing::NewTestUser(db(), name, is_private);
  }
  core::PostId NewPost(core::UserId author) {
    return db().WriteNow([&](db::Connection& c) {
      return store::PostStore().Insert(c, store::NewPost{author, "hello", {}, {}, 1}).id;
    });
  }
  bool pg() const { return dialect() == db::Dialect::kPostgres; }
  // The post as `viewer` saw it in a feed page (which fills PostMediaCache).
  void SeePost(core::PostId post, core::UserId viewer) {
    db().ReadNow([&](db::Connection& c) {
      const std::array ids{post};
      return store::PostStore().LoadPage(c, ids, viewer).size();
    });
  }
  // The newest comment of `post` as GET /posts/{id}/comments shows it to `viewer`.
  boost::json::object NewestComment(core::PostId post, core::UserId viewer) {
    return db().ReadNow([&](db::Connection& c) {
      const auto rows = store::CommentStore().List(c, post, viewer, std::nullopt, 50);
      return rows.empty() ? boost::json::object{} : views::Comment(rows.back());
    });
  }
  boost::json::object Newest(core::UserId recipient) {
    return notifications::testing::NewestListed(db(), recipient);
  }
  std::int64_t Unread(core::UserId recipient) {
    return notifications::testing::UnreadListed(db(), recipient);
  }
  // Every row a comment writes: comments, notifications, and the counts summed.
  std::array<std::int64_t, 3> Written() {
    return db().ReadNow([&](db::Connection& c) {
      const auto row = c.Exec(
                            "SELECT (SELECT count(*) FROM comments), (SELECT count(*) FROM notifications), "
                            "(SELECT coalesce(sum(comment_count), 0) FROM posts)")
                           .one();
      return std::array{row.Int(0), row.Int(1), row.Int(2)};
    });
  }
  std::optional<store::CommentWritten> Plain(core::UserId me, core::PostId post) {
    return db::WriteStatementNow(
        db(), [&](db::Connection& c) { return store::CommentIfPlain(c, me, post, "plain words", 50); });
  }
  detail::CommentOutcome Comment(core::UserId me, core::PostId post, const std::string& text,
                                 std::vector<std::string> mentions = {}) {
    return detail::CommentNow(db(), me, post, text, mentions, 60);
  }
  bool Refused(core::UserId me, core::PostId post) {
    try {
      Comment(me, post, "hi");
    } catch (const core::Error& e) {
      return e.code() == core::ErrorCode::kNotFound;
    }
    return false;
  }
};

TEST_P(PlainCommentTest, ACommentIsOneStatementAndAnsweredAndToldAsTheUnitWould) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto warm = NewPost(ann);
  const auto post = NewPost(ann);
  Comment(bob, warm, "first");  // a connection prepares each statement once
  SeePost(post, bob);
  const auto before = db::RoundTrips(db());
  const auto said = Comment(bob, post, "lovely light");
  if (pg()) {
    EXPECT_EQ(db::RoundTrips(db()) - before, 1) << "the comment, its count, the notification and its push";
  }
  EXPECT_EQ(said.comment, NewestComment(post, ann)) << "as the list shows it";
  EXPECT_EQ(said.comment.at("text").as_string(), "lovely light");
  ASSERT_EQ(said.rendered.size(), 1u);
  EXPECT_TRUE(said.notified.empty());
  EXPECT_EQ(said.rendered.front().first, ann);
  EXPECT_EQ(said.rendered.front().second.at("notification").as_object(), Newest(ann))
      << "as the list shows it, the comment's text included: " << said.rendered.front().second;
  EXPECT_EQ(said.rendered.front().second.at("unreadCount").as_int64(), Unread(ann));
  EXPECT_EQ(Unread(ann), 2);
  const auto count = db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT comment_count FROM posts WHERE id = $1", post).one().Int(0);
  });
  EXPECT_EQ(count, 1);

  // On one's own post: the comment and its count, nobody told.
  const auto own = Comment(ann, post, "thanks");
  EXPECT_TRUE(own.rendered.empty() && own.notified.empty());
  EXPECT_EQ(own.comment, NewestComment(post, bob));
  EXPECT_EQ(Unread(ann), 2);
}

TEST_P(PlainCommentTest, EveryOtherCaseWritesNothingInTheStatementAndTheUnitAnswersAsBefore) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat", true);  // private, not followed by bob
  const auto dan = NewUserId("dan");        // blocks bob
  const auto ria = NewUserId("ria");        // restricts bob
  const auto hal = NewUserId("hal");        // keeps hidden words
  const auto sus = NewUserId("sus");        // suspended
  const auto mod = NewUserId("mod");
  db().WriteNow([&](db::Connection& c) {
    store::BlockStore().Block(c, dan, bob, 3);
    store::RestrictStore().Restrict(c, ria, bob, 3);
    store::HiddenWordStore().Replace(c, hal, {"spoiler"});
    store::SuspensionStore().Put(c, sus, "spam", std::nullopt, mod, 4);
    return store::RoleStore().Set(c, "mod", store::Role::kModerator);
  });
  const auto public_post = NewPost(ann);
  const auto private_post = NewPost(cat);
  const auto blocker_post = NewPost(dan);
  const auto restrictor_post = NewPost(ria);
  const auto hider_post = NewPost(hal);
  const auto suspended_post = NewPost(sus);
  const auto written = Written();
  if (pg()) {
    for (const auto p :
         {private_post, blocker_post, restrictor_post, hider_post, suspended_post, core::PostId(999'999)}) {
      EXPECT_FALSE(Plain(bob, p)) << p.value;
      EXPECT_EQ(Written(), written) << "nothing written: " << p.value;
    }
    EXPECT_FALSE(Plain(mod, suspended_post));
  }
  for (const auto p : {private_post, blocker_post, suspended_post, core::PostId(999'999)}) {
    EXPECT_TRUE(Refused(bob, p)) << p.value;
  }
  EXPECT_EQ(Written(), written);

  // Restricted: written for the two of them, uncounted, nobody told.
  const auto restricted = Comment(bob, restrictor_post, "hm");
  EXPECT_TRUE(restricted.rendered.empty() && restricted.notified.empty());
  EXPECT_EQ(Unread(ria), 0);
  EXPECT_EQ(NewestComment(restrictor_post, ria).at("text").as_string(), "hm");
  EXPECT_TRUE(NewestComment(restrictor_post, ann).empty()) << "nobody else sees it";

  // Hidden words: a comment holding one is not told to the author; one
  // without is.
  const auto hidden = Comment(bob, hider_post, "big SPOILER ahead");
  EXPECT_TRUE(hidden.rendered.empty() && hidden.notified.empty());
  const auto clean = Comment(bob, hider_post, "nice");
  EXPECT_EQ(clean.rendered.size() + clean.notified.size(), 1u);
  EXPECT_EQ(Unread(hal), 1);

  // Mentions: the unit tells the mentioned too.
  const auto mentioning = Comment(bob, public_post, "look @hal", {"hal"});
  EXPECT_EQ(mentioning.rendered.size() + mentioning.notified.size(), 2u);
  EXPECT_EQ(Newest(hal).at("type").as_string(), "mention");

  // A moderator may comment under a suspended author's post: the unit decides.
  EXPECT_EQ(Comment(mod, suspended_post, "noted").comment.at("text").as_string(), "noted");
}

// The gate's other edges (review): a private author the commenter follows is
// plain, a pending request is no follow; a block either way and a
// deactivated author are no post; on one's own post, one's own hidden words
// and restricts do not apply.
TEST_P(PlainCommentTest, TheGateFollowsTheVisibilityRulesAtEveryEdge) {
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat", true);  // private, followed by bob
  const auto pia = NewUserId("pia", true);  // private, bob's request pending
  const auto eve = NewUserId("eve");        // blocked by bob
  const auto gone = NewUserId("gone");      // deactivated
  db().WriteNow([&](db::Connection& c) {
    store::FollowStore().Follow(c, bob, cat, false, 2);
    store::FollowStore().Follow(c, bob, pia, true, 2);
    store::BlockStore().Block(c, bob, eve, 3);
    store::HiddenWordStore().Replace(c, bob, {"spoiler"});
    store::RestrictStore().Restrict(c, bob, eve, 3);
    return store::AccountDeletionStore().Deactivate(c, gone, 4, 1'000'000);
  });
  const auto followed_private = NewPost(cat);
  const auto requested_private = NewPost(pia);
  const auto blocked_post = NewPost(eve);
  const auto gone_post = NewPost(gone);
  const auto own = NewPost(bob);
  if (pg()) {
    EXPECT_TRUE(Plain(bob, followed_private)) << "an accepted follower";
    EXPECT_TRUE(Plain(bob, own)) << "one's own post, whatever one's own words and restricts";
    const auto written = Written();
    for (const auto p : {requested_private, blocked_post, gone_post}) {
      EXPECT_FALSE(Plain(bob, p)) << p.value;
      EXPECT_EQ(Written(), written) << "nothing written: " << p.value;
    }
  }
  for (const auto p : {requested_private, blocked_post, gone_post}) {
    EXPECT_TRUE(Refused(bob, p)) << p.value;
  }
  const auto on_own = Comment(bob, own, "a spoiler of my own");
  EXPECT_TRUE(on_own.rendered.empty() && on_own.notified.empty());
  EXPECT_EQ(NewestComment(own, cat).at("text").as_string(), "a spoiler of my own");
  const auto on_followed = Comment(bob, followed_private, "nice");
  EXPECT_EQ(on_followed.rendered.size() + on_followed.notified.size(), 1u);
}

LENSLET_INSTANTIATE_DB_TEST(PlainCommentTest);

}  // namespace
}  // namespace lenslet::api::posts

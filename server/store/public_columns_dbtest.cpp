// Issue 12.7: the queries that show a user to someone else — posts, feeds,
// comments, notifications, messages, conversations, lists, search, profiles —
// read only the public columns of `users` (UserColumns, PublicUserRow), never
// the password hash or the email. Every statement those store calls send is
// recorded through a forwarding Connection and checked, on both backends; the
// calls must also return the rows they are about, so the check is not vacuous.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/testing/database_fixture.hpp"
#include "store/comment_store.hpp"
#include "store/conversation_store.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/like_store.hpp"
#include "store/message_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/search_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

// Passes every statement on to the real connection and keeps its text.
class RecordingConnection : public db::Connection {
 public:
  explicit RecordingConnection(db::Connection& inner) : inner_(inner) {}
  db::Result Execute(std::string_view sql, std::span<const db::Value> params) override {
    statements.emplace_back(sql);
    return inner_.Execute(sql, params);
  }
  db::Dialect dialect() const override { return inner_.dialect(); }

  std::vector<std::string> statements;

 private:
  db::Connection& inner_;
};

class PublicColumnsTest : public db::testing::DatabaseTest {
 protected:
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@secret-mail.example", "$argon2id$fake-hash", name, 1});
    });
  }

  // Runs `body` on a recording connection; fails the test if any statement
  // named a private column. Returns what body returned.
  template <typename Body>
  auto Recorded(const char* what, Body body) {
    return db().ReadNow([&](db::Connection& c) {
      RecordingConnection recording(c);
      auto result = body(recording);
      EXPECT_FALSE(recording.statements.empty()) << what;
      for (const auto& sql : recording.statements) {
        EXPECT_EQ(sql.find("password_hash"), std::string::npos) << what << ": " << sql;
        EXPECT_EQ(sql.find("email"), std::string::npos) << what << ": " << sql;
      }
      return result;
    });
  }
};

TEST_P(PublicColumnsTest, QueriesThatShowAUserToOthersNeverReadThePasswordHashOrEmail) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto post = db().WriteNow([&](db::Connection& c) {
    return PostStore().Insert(c, store::NewPost{ann.id, "hello #sun", {}, {"sun"}, 10}).id;
  });
  const auto conversation = db().WriteNow([&](db::Connection& c) {
    FollowStore().Follow(c, bob.id, ann.id, false, 11);
    LikeStore().Like(c, bob.id, post, 12);
    NotificationStore().Upsert(
        c, {.recipient = ann.id, .type = NotificationType::kLike, .actor = bob.id, .post = post, .now = 12});
    CommentStore().Insert(c, post, bob.id, "nice", 13);
    const auto direct = ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 14);
    MessageStore().Insert(c, {.conversation = direct.id, .sender = bob.id, .text = "hi", .client_id = "m1", .now = 15});
    return direct.id;
  });
  const std::vector<core::PostId> ids{post};
  const std::vector<core::ConversationId> conversations{conversation};

  EXPECT_EQ(Recorded("PostStore::LoadPage", [&](db::Connection& c) { return PostStore().LoadPage(c, ids, bob.id); })
                .at(0)
                .author.username,
            "ann");
  EXPECT_TRUE(Recorded("PostStore::Load", [&](db::Connection& c) { return PostStore().Load(c, post, core::UserId()); }));
  EXPECT_EQ(Recorded("FeedStore::Home", [&](db::Connection& c) { return FeedStore().Home(c, bob.id, {}, 10); }).size(),
            1u);
  EXPECT_EQ(Recorded("FeedStore::Tagged",
                     [&](db::Connection& c) { return FeedStore().Tagged(c, "sun", bob.id, {}, 10); })
                .size(),
            1u);
  EXPECT_EQ(Recorded("CommentStore::List",
                     [&](db::Connection& c) { return CommentStore().List(c, post, ann.id, std::nullopt, 10); })
                .at(0)
                .author.username,
            "bob");
  EXPECT_EQ(Recorded("NotificationStore::List",
                     [&](db::Connection& c) { return NotificationStore().List(c, ann.id, std::nullopt, 10); })
                .at(0)
                .actor.username,
            "bob");
  EXPECT_EQ(Recorded("MessageStore::ListBefore",
                     [&](db::Connection& c) { return MessageStore().ListBefore(c, conversation, std::nullopt, 10); })
                .at(0)
                .sender.username,
            "bob");
  EXPECT_EQ(Recorded("ConversationStore::Participants",
                     [&](db::Connection& c) { return ConversationStore().Participants(c, conversations, ann.id); })
                .size(),
            2u);
  EXPECT_EQ(Recorded("FollowStore::Followers",
                     [&](db::Connection& c) { return FollowStore().Followers(c, ann.id, ann.id, std::nullopt, 10); })
                .at(0)
                .user.username,
            "bob");
  EXPECT_EQ(Recorded("SearchStore::Users", [&](db::Connection& c) { return SearchStore().Users(c, ann.id, "bo", 10); })
                .at(0)
                .user.username,
            "bob");
  EXPECT_EQ(Recorded("UserDirectoryStore::FindByUsername",
                     [&](db::Connection& c) { return UserDirectoryStore().FindByUsername(c, "ANN"); })
                ->id,
            ann.id);
  EXPECT_EQ(Recorded("UserDirectoryStore::FindById",
                     [&](db::Connection& c) { return UserDirectoryStore().FindById(c, bob.id); })
                ->username,
            "bob");
  EXPECT_EQ(Recorded("UserDirectoryStore::FindByUsernames",
                     [&](db::Connection& c) {
                       return UserDirectoryStore().FindByUsernames(c, {"ann", "bob"});
                     })
                .size(),
            2u);
}

// The account's own queries still read the whole row (login needs the hash,
// the signed-in user's view shows the email): the split is by type, not a loss.
TEST_P(PublicColumnsTest, TheAccountsOwnRowStillHasItsEmailAndHash) {
  const auto ann = NewUser("ann");
  const auto row = db().ReadNow([&](db::Connection& c) { return UserStore().FindById(c, ann.id); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->email, "ann@secret-mail.example");
  EXPECT_EQ(row->password_hash.Reveal(), "$argon2id$fake-hash");
}

LENSLET_INSTANTIATE_DB_TEST(PublicColumnsTest);

}  // namespace
}  // namespace lenslet::store

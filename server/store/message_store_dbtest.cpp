// Messages on both backends: the idempotent send (also under racing units),
// unread counters under racing senders, media references, and pages both ways
// without gaps or repeats in a constant number of statements.
#include "store/message_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "db/testing/database_fixture.hpp"
#include "store/conversation_store.hpp"
#include "store/media_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class MessageStoreTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ann_ = NewUser("ann");
    bob_ = NewUser("bob");
    cat_ = NewUser("cat");
    direct_ = db().WriteNow(
        [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann_.id, bob_.id, 10).id; });
    const std::vector others{bob_.id, cat_.id};
    group_ = db().WriteNow(
        [&](db::Connection& c) { return ConversationStore().CreateGroup(c, ann_.id, std::nullopt, others, 10); });
  }
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  InsertedMessage Send(core::ConversationId conversation, core::UserId sender, const std::string& client_id,
                       std::optional<PostMediaRow> media = std::nullopt) {
    return db().WriteNow([&](db::Connection& c) {
      return MessageStore().Insert(c, {conversation, sender, "text " + client_id, client_id, media, 100});
    });
  }
  std::int64_t Unread(core::ConversationId id, core::UserId member) {
    return db().ReadNow([&](db::Connection& c) { return ConversationStore().FindForMember(c, id, member)->unread_count; });
  }

  UserRow ann_, bob_, cat_;
  core::ConversationId direct_, group_;
};

TEST_P(MessageStoreTest, SameClientIdReturnsTheOriginal) {
  const auto first = Send(direct_, ann_.id, "c-1");
  const auto again = Send(direct_, ann_.id, "c-1");
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(Unread(direct_, bob_.id), 1);  // counted once
  // Another sender may use the same client id.
  EXPECT_TRUE(Send(direct_, bob_.id, "c-1").created);
  // The same sender's id in another conversation names the original there.
  const auto elsewhere = Send(group_, ann_.id, "c-1");
  EXPECT_FALSE(elsewhere.created);
  EXPECT_EQ(elsewhere.conversation, direct_);
  EXPECT_EQ(Unread(group_, cat_.id), 0);

  const auto row = db().ReadNow([&](db::Connection& c) {
    const std::vector ids{first.id};
    return MessageStore().LoadMany(c, ids);
  });
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].text, "text c-1");
  EXPECT_EQ(row[0].sender.username, "ann");
  EXPECT_EQ(row[0].client_id, "c-1");
  EXPECT_FALSE(row[0].media);
  const auto conversation = db().ReadNow(
      [&](db::Connection& c) { return ConversationStore().FindForMember(c, direct_, ann_.id); });
  EXPECT_EQ(conversation->last_message, Send(direct_, bob_.id, "c-1").id);
}

TEST_P(MessageStoreTest, RacingRetriesStoreOneMessage) {
  std::vector<InsertedMessage> results(12);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Send(group_, bob_.id, "same"); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.created; }), 1);
  for (const auto& r : results) EXPECT_EQ(r.id, results[0].id);
  EXPECT_EQ(Unread(group_, ann_.id), 1);
  EXPECT_EQ(Unread(group_, cat_.id), 1);
  EXPECT_EQ(Unread(group_, bob_.id), 0);
}

TEST_P(MessageStoreTest, RacingSendersCountExactly) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] { Send(group_, bob_.id, "b" + std::to_string(i)); });
    threads.emplace_back([&, i] { Send(group_, cat_.id, "c" + std::to_string(i)); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Unread(group_, ann_.id), 20);
  EXPECT_EQ(Unread(group_, bob_.id), 10);
  EXPECT_EQ(Unread(group_, cat_.id), 10);
  // The last message is the one with the highest id: sends were serialised.
  const auto [last, newest] = db().ReadNow([&](db::Connection& c) {
    return std::pair(ConversationStore().FindForMember(c, group_, ann_.id)->last_message,
                     MessageStore().ListBefore(c, group_, std::nullopt, 1).at(0).id);
  });
  EXPECT_EQ(last, newest);
}

TEST_P(MessageStoreTest, PagesBothWaysWithoutGapsInConstantStatements) {
  std::vector<core::MessageId> sent;
  for (int i = 0; i < 23; ++i) {
    PostMediaRow media{.width = 10, .height = 8, .alt = "", .placeholder = "LKO2", .average_colour = "#102030",
                       .variants = {{"aa/bb/k" + std::to_string(i % 3) + ".jpg", 10, 8, "image/jpeg"},
                                    {"aa/bb/s" + std::to_string(i % 3) + ".webp", 5, 4, "image/webp"}}};
    sent.push_back(Send(direct_, i % 2 ? ann_.id : bob_.id, "m" + std::to_string(i),
                        i % 4 == 0 ? std::optional(media) : std::nullopt)
                       .id);
  }
  // Newest first.
  std::vector<core::MessageId> seen;
  std::optional<core::MessageId> before;
  for (;;) {
    const auto [page, statements] = db().ReadNow([&](db::Connection& c) {
      const auto start = c.statements_executed();
      auto rows = MessageStore().ListBefore(c, direct_, before, 5);
      return std::pair(rows, c.statements_executed() - start);
    });
    EXPECT_LE(statements, 2);
    for (const auto& m : page) {
      seen.push_back(m.id);
      if (m.media) {
        ASSERT_EQ(m.media->variants.size(), 2u);
        EXPECT_EQ(m.media->variants[0].mime_type, "image/jpeg");
        EXPECT_EQ(m.media->average_colour, "#102030");
      }
    }
    if (page.size() < 5) break;
    before = page.back().id;
  }
  std::vector<core::MessageId> expected(sent.rbegin(), sent.rend());
  EXPECT_EQ(seen, expected);

  // Oldest first after a known one (catch-up).
  seen.clear();
  core::MessageId after = sent[4];
  for (;;) {
    const auto page = db().ReadNow([&](db::Connection& c) { return MessageStore().ListAfter(c, direct_, after, 4); });
    for (const auto& m : page) seen.push_back(m.id);
    if (page.size() < 4) break;
    after = page.back().id;
  }
  EXPECT_EQ(seen, std::vector<core::MessageId>(sent.begin() + 5, sent.end()));

  // Every blob is referenced once per variant row that uses it.
  const auto referenced = db().ReadNow([&](db::Connection& c) {
    return MediaStore().Referenced(c, {"aa/bb/k0.jpg", "aa/bb/k1.jpg", "aa/bb/s2.webp", "aa/bb/none.jpg"});
  });
  EXPECT_EQ(referenced.size(), 3u);
  EXPECT_EQ(db().ReadNow([&](db::Connection& c) { return MessageStore().ConversationOf(c, sent[3]); }), direct_);
}

LENSLET_INSTANTIATE_DB_TEST(MessageStoreTest);

}  // namespace
}  // namespace lenslet::store

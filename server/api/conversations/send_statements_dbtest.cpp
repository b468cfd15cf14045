// The send unit behind message:send and POST /conversations/{id}/messages
// (detail::StoreMessage) on both backends: its statement count (issue 16 wants
// it cheaper; the privacy rules must not make it dearer), and whom message:new
// goes to (issue 13.6/13.7: never a blocked pair, never the recipient of a
// request a hidden word hid).
#include <gtest/gtest.h>

#include <algorithm>

#include "api/conversations/detail/send.hpp"
#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/conversation_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::conversations {
namespace {

class SendUnitTest : public db::testing::DatabaseTest {
 protected:
  store::UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return store::UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  // The unit's statements and what it kept.
  std::pair<detail::StoredMessage, std::int64_t> Store(core::ConversationId id, core::UserId sender,
                                                       const std::string& text, const std::string& client_id) {
    return db().WriteNow([&](db::Connection& c) {
      const auto start = c.statements_executed();
      auto kept = detail::StoreMessage(c, {.conversation = id, .sender = sender, .text = text, .client_id = client_id,
                                           .media = std::nullopt, .now = 100});
      return std::pair(std::move(kept), c.statements_executed() - start);
    });
  }
  static bool Has(const std::vector<core::UserId>& users, core::UserId user) {
    return std::find(users.begin(), users.end(), user) != users.end();
  }
};

TEST_P(SendUnitTest, ATextMessageCostsSevenStatementsInA1To1AndInAGroup) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const auto direct = db().WriteNow(
      [&](db::Connection& c) { return store::ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  const std::vector others{bob.id, cat.id};
  const auto group = db().WriteNow(
      [&](db::Connection& c) { return store::ConversationStore().CreateGroup(c, ann.id, std::nullopt, others, 10); });
  // Before the privacy rules a 1:1 send took nine (two for the block check).
  const auto [first, direct_cost] = Store(direct, ann.id, "hi", "d1");
  EXPECT_TRUE(first.created);
  EXPECT_EQ(direct_cost, 7);
  EXPECT_EQ(first.audience, (std::vector{ann.id, bob.id}));
  const auto [in_group, group_cost] = Store(group, bob.id, "hi all", "g1");
  EXPECT_EQ(group_cost, 7);
  EXPECT_EQ(in_group.audience.size(), 3u);
  const auto [again, retry_cost] = Store(group, bob.id, "hi all", "g1");
  EXPECT_FALSE(again.created);
  EXPECT_LE(retry_cost, 6);
}

TEST_P(SendUnitTest, ABlockedPairGetsNoneOfEachOthersMessagesAndA1To1Refuses) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const std::vector others{bob.id, cat.id};
  const auto group = db().WriteNow(
      [&](db::Connection& c) { return store::ConversationStore().CreateGroup(c, ann.id, std::nullopt, others, 10); });
  const auto direct = db().WriteNow(
      [&](db::Connection& c) { return store::ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  db().WriteNow([&](db::Connection& c) { return store::BlockStore().Block(c, ann.id, bob.id, 20); });
  const auto from_bob = Store(group, bob.id, "hello", "b1").first;
  EXPECT_EQ(from_bob.audience, (std::vector{bob.id, cat.id}));
  const auto from_ann = Store(group, ann.id, "hello", "a1").first;
  EXPECT_EQ(from_ann.audience, (std::vector{ann.id, cat.id})) << "either way";
  try {
    Store(direct, bob.id, "let me in", "b2");
    FAIL() << "a 1:1 between a blocked pair took a message";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kForbidden);
  }
  const auto row = db().ReadNow(
      [&](db::Connection& c) { return store::ConversationStore().FindForMember(c, direct, bob.id); });
  EXPECT_FALSE(row->last_message) << "the refused insert was rolled back";
}

TEST_P(SendUnitTest, ARequestWithAHiddenWordReachesOnlyItsAuthorAndAReplyAccepts) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO hidden_words (user_id, word) VALUES ($1, 'crypto')", bob.id);
    return store::ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10, false).id;
  });
  const auto [clean, clean_cost] = Store(id, ann.id, "hello", "a1");
  EXPECT_EQ(clean.audience, (std::vector{ann.id, bob.id}));
  EXPECT_EQ(clean_cost, 8) << "one more: the recipient's hidden words";
  const auto hidden = Store(id, ann.id, "Cheap CRYPTO here", "a2").first;
  EXPECT_EQ(hidden.audience, (std::vector{ann.id}));
  const auto after = Store(id, ann.id, "still there?", "a3").first;
  EXPECT_EQ(after.audience, (std::vector{ann.id})) << "the whole request stays hidden";
  // Bob answers (he found it some other way): that accepts it.
  Store(id, bob.id, "who is this", "b1");
  const auto row =
      db().ReadNow([&](db::Connection& c) { return store::ConversationStore().FindForMember(c, id, bob.id); });
  EXPECT_TRUE(row->accepted);
  EXPECT_FALSE(row->is_request);
  EXPECT_TRUE(Has(Store(id, ann.id, "crypto again", "a4").first.audience, bob.id)) << "no longer a request";
}

LENSLET_INSTANTIATE_DB_TEST(SendUnitTest);

}  // namespace
}  // namespace lenslet::api::conversations

// Conversations and members on both backends: 1:1 found-or-created under
// racing units, groups, membership, read markers and the list's loaders.
#include "store/conversation_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/follow_store.hpp"
#include "store/message_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class ConversationStoreTest : public db::testing::DatabaseTest {
 protected:
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  core::MessageId Send(core::ConversationId conversation, core::UserId sender, const std::string& client_id,
                       core::Millis now = 100) {
    return db().WriteNow([&](db::Connection& c) {
      return MessageStore().Insert(c, {conversation, sender, "hi", client_id, std::nullopt, now}).id;
    });
  }
  ConversationRow Find(core::ConversationId id, core::UserId member) {
    return *db().ReadNow([&](db::Connection& c) { return ConversationStore().FindForMember(c, id, member); });
  }
};

TEST_P(ConversationStoreTest, DirectIsFoundOrCreatedInEitherOrder) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto first = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10); });
  const auto second = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, bob.id, ann.id, 20); });
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(first.id, second.id);
  const auto members = db().ReadNow([&](db::Connection& c) { return ConversationStore().MemberIds(c, first.id); });
  EXPECT_EQ(members.size(), 2u);
  const auto row = Find(first.id, bob.id);
  EXPECT_FALSE(row.is_group);
  EXPECT_EQ(row.unread_count, 0);
  EXPECT_FALSE(row.last_message);
}

TEST_P(ConversationStoreTest, RacingDirectCreationsMakeOneConversation) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  std::vector<DirectConversation> results(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto [a, b] = i % 2 ? std::pair(ann.id, bob.id) : std::pair(bob.id, ann.id);
      results[i] = db().WriteNow(
          [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, a, b, 10); });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.created; }), 1);
  for (const auto& r : results) EXPECT_EQ(r.id, results[0].id);
}

TEST_P(ConversationStoreTest, GroupsMembershipAndBlocks) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const auto dan = NewUser("dan");
  const std::vector others{bob.id, cat.id};
  const auto group = db().WriteNow([&](db::Connection& c) {
    return ConversationStore().CreateGroup(c, ann.id, std::string("trip"), others, 10);
  });
  EXPECT_EQ(Find(group, cat.id).title, "trip");
  EXPECT_FALSE(db().ReadNow([&](db::Connection& c) { return ConversationStore().FindForMember(c, group, dan.id); }));

  Send(group, bob.id, "m1");
  const std::vector add{cat.id, dan.id};
  const auto added =
      db().WriteNow([&](db::Connection& c) { return ConversationStore().AddMembers(c, group, add, 20); });
  EXPECT_EQ(added, std::vector<core::UserId>{dan.id});
  // A newcomer starts with nothing unread.
  EXPECT_EQ(Find(group, dan.id).unread_count, 0);
  EXPECT_EQ(Find(group, cat.id).unread_count, 1);

  const auto contact_ids = [&](core::UserId who) {
    std::vector<core::UserId> out;
    for (const auto& f : db().ReadNow([&](db::Connection& c) { return ConversationStore().Contacts(c, who); })) {
      out.push_back(f.user);
    }
    return out;
  };
  EXPECT_EQ(contact_ids(dan.id), (std::vector<core::UserId>{ann.id, bob.id, cat.id}));
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return ConversationStore().RemoveMember(c, group, dan.id); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return ConversationStore().RemoveMember(c, group, dan.id); }));
  EXPECT_TRUE(contact_ids(dan.id).empty());

  db().WriteNow([&](db::Connection& c) { return BlockStore().Block(c, cat.id, ann.id, 30); });
  db().WriteNow([&](db::Connection& c) { return BlockStore().Block(c, ann.id, dan.id, 30); });
  const std::vector candidates{bob.id, cat.id, dan.id};
  auto blocked =
      db().ReadNow([&](db::Connection& c) { return ConversationStore().InBlockRelation(c, ann.id, candidates); });
  std::sort(blocked.begin(), blocked.end());
  EXPECT_EQ(blocked, (std::vector<core::UserId>{cat.id, dan.id}));
  auto ways =
      db().WriteNow([&](db::Connection& c) { return ConversationStore().BlockRelations(c, ann.id, candidates); });
  std::sort(ways.begin(), ways.end(), [](const auto& x, const auto& y) { return x.other < y.other; });
  ASSERT_EQ(ways.size(), 2u);
  EXPECT_EQ(ways[0].other, cat.id);
  EXPECT_TRUE(ways[0].other_blocked) << "cat blocked ann";
  EXPECT_FALSE(ways[0].user_blocked);
  EXPECT_EQ(ways[1].other, dan.id);
  EXPECT_TRUE(ways[1].user_blocked) << "ann blocked dan";
  EXPECT_FALSE(ways[1].other_blocked);
}

TEST_P(ConversationStoreTest, ReadMarkersMoveForwardOnlyAndRecount) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  const auto m1 = Send(id, ann.id, "a1");
  const auto m2 = Send(id, ann.id, "a2");
  Send(id, bob.id, "b1");  // bob's own: never unread for bob
  const auto m4 = Send(id, ann.id, "a3");
  EXPECT_EQ(Find(id, bob.id).unread_count, 3);
  EXPECT_EQ(Find(id, ann.id).unread_count, 1);

  const auto mark = [&](core::UserId who, core::MessageId upto) {
    return db().WriteNow([&](db::Connection& c) {
      ConversationStore().Lock(c, id);
      return ConversationStore().MarkRead(c, id, who, upto);
    });
  };
  EXPECT_TRUE(mark(bob.id, m2));
  EXPECT_EQ(Find(id, bob.id).unread_count, 1);
  EXPECT_EQ(Find(id, bob.id).last_read, m2);
  EXPECT_FALSE(mark(bob.id, m1));  // never backwards
  EXPECT_EQ(Find(id, bob.id).last_read, m2);
  EXPECT_TRUE(mark(bob.id, m4));
  EXPECT_EQ(Find(id, bob.id).unread_count, 0);
  EXPECT_FALSE(mark(bob.id, m4));

  // Every participant's marker reaches the page, so "Seen" survives a reload.
  const std::vector ids{id};
  const auto participants =
      db().ReadNow([&](db::Connection& c) { return ConversationStore().Participants(c, ids, ann.id); });
  ASSERT_EQ(participants.size(), 2u);
  for (const auto& p : participants) {
    if (p.user.id == bob.id) EXPECT_EQ(p.last_read, m4);
    else EXPECT_FALSE(p.last_read) << "ann never marked anything read";
  }
}

TEST_P(ConversationStoreTest, CountsConversationsWithUnreadMessagesInOneStatement) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const auto with_bob = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  const auto with_cat = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, cat.id, 10).id; });
  const auto count = [&](core::UserId who) {
    return db().ReadNow([&](db::Connection& c) {
      const auto before = c.statements_executed();
      const auto n = ConversationStore().CountFolders(c, who).unread_inbox;
      EXPECT_EQ(c.statements_executed() - before, 1);
      return n;
    });
  };
  EXPECT_EQ(count(ann.id), 0);
  Send(with_bob, bob.id, "b1");
  Send(with_bob, bob.id, "b2");
  const auto last = Send(with_cat, cat.id, "c1");
  Send(with_cat, ann.id, "a1");  // her own: unread for cat only
  EXPECT_EQ(count(ann.id), 2) << "conversations, not messages";
  EXPECT_EQ(count(cat.id), 1);
  db().WriteNow([&](db::Connection& c) {
    ConversationStore().Lock(c, with_cat);
    return ConversationStore().MarkRead(c, with_cat, ann.id, last);
  });
  EXPECT_EQ(count(ann.id), 1);
  EXPECT_EQ(count(bob.id), 0);
}

TEST_P(ConversationStoreTest, ListAndParticipantsInConstantStatements) {
  const auto me = NewUser("me");
  std::vector<core::ConversationId> ids;
  for (int i = 0; i < 7; ++i) {
    const auto other = NewUser("friend" + std::to_string(i));
    ids.push_back(db().WriteNow(
        [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, me.id, other.id, 10).id; }));
    if (i == 2) db().WriteNow([&](db::Connection& c) { return FollowStore().Follow(c, me.id, other.id, false, 5); });
  }
  // Activity reorders the list: the oldest conversation gets the newest message.
  Send(ids[0], me.id, "x", 500);

  std::vector<core::ConversationId> seen;
  std::optional<ConversationCursor> cursor;
  for (;;) {
    const auto page = db().ReadNow([&](db::Connection& c) { return ConversationStore().ListForMember(c, me.id, cursor, 3); });
    for (const auto& row : page) seen.push_back(row.id);
    if (page.size() < 3) break;
    cursor = ConversationCursor{page.back().updated_at, page.back().id};
  }
  ASSERT_EQ(seen.size(), ids.size());
  EXPECT_EQ(seen.front(), ids[0]);
  EXPECT_EQ(seen[1], ids[6]);  // equal updated_at: newest id first

  const auto [participants, statements] = db().ReadNow([&](db::Connection& c) {
    const auto before = c.statements_executed();
    auto rows = ConversationStore().Participants(c, ids, me.id);
    return std::pair(rows, c.statements_executed() - before);
  });
  EXPECT_EQ(statements, 1);
  EXPECT_EQ(participants.size(), ids.size() * 2);
  const auto followed = std::count_if(participants.begin(), participants.end(),
                                      [](const ParticipantRow& p) { return p.followed_by_me; });
  EXPECT_EQ(followed, 1);
}

TEST_P(ConversationStoreTest, UsersByNameAndLastSeen) {
  const auto ann = NewUser("ann");
  NewUser("bob");
  const auto found = db().ReadNow([&](db::Connection& c) {
    return UserDirectoryStore().FindByUsernames(c, {"ANN", "bob", "nobody"});
  });
  EXPECT_EQ(found.size(), 2u);
  const auto id = db().WriteNow([&](db::Connection& c) {
    UserDirectoryStore().SetLastSeen(c, ann.id, 12345);
    const auto other = UserStore().FindByUsername(c, "bob")->id;
    return ConversationStore().FindOrCreateDirect(c, ann.id, other, 10).id;
  });
  const std::vector ids{id};
  const auto participants =
      db().ReadNow([&](db::Connection& c) { return ConversationStore().Participants(c, ids, ann.id); });
  ASSERT_EQ(participants.size(), 2u);
  for (const auto& p : participants) {
    if (p.user.id == ann.id) EXPECT_EQ(p.last_seen_at, 12345);
    else EXPECT_FALSE(p.last_seen_at);
  }
}

// GET /conversations' page: the page, its participants (with their read
// markers), its last messages (with their images) and the unread total cost
// the same few statements for 3 rows as for 20.
TEST_P(ConversationStoreTest, AListPageCostsTheSameStatementsWhateverItsSize) {
  const auto me = NewUser("me");
  std::vector<core::ConversationId> ids;
  for (int i = 0; i < 20; ++i) {
    const auto other = NewUser("peer" + std::to_string(i));
    const auto id = db().WriteNow(
        [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, me.id, other.id, 10).id; });
    std::optional<PostMediaRow> media;
    if (i % 3 == 0) {
      media = PostMediaRow{.width = 4, .height = 4, .alt = "", .placeholder = "L", .average_colour = "#000000",
                           .variants = {{"aa/bb/p" + std::to_string(i) + ".jpg", 4, 4, "image/jpeg"}}};
    }
    db().WriteNow([&](db::Connection& c) {
      return MessageStore().Insert(c, {id, other.id, "hi", "c" + std::to_string(i), media, 100 + i});
    });
  }
  const auto cost = [&](int limit) {
    return db().ReadNow([&](db::Connection& c) {
      const auto start = c.statements_executed();
      const auto rows = ConversationStore().ListForMember(c, me.id, std::nullopt, limit);
      std::vector<core::ConversationId> page;
      std::vector<core::MessageId> last;
      for (const auto& row : rows) {
        page.push_back(row.id);
        last.push_back(*row.last_message);
      }
      const auto participants = ConversationStore().Participants(c, page, me.id);
      const auto messages = MessageStore().LoadMany(c, last);
      EXPECT_EQ(ConversationStore().CountFolders(c, me.id).unread_inbox, 20);
      EXPECT_EQ(participants.size(), rows.size() * 2);
      EXPECT_EQ(messages.size(), rows.size());
      return c.statements_executed() - start;
    });
  };
  EXPECT_EQ(cost(3), 5);
  EXPECT_EQ(cost(20), 5);
}

LENSLET_INSTANTIATE_DB_TEST(ConversationStoreTest);

}  // namespace
}  // namespace lenslet::store

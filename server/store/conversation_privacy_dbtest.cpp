// The privacy side of conversations on both backends (issue 13.5–13.7):
// message requests and their folders, Restrict moving a 1:1 to requests,
// "delete for me", a blocked pair's messages, unread counts and last messages
// in a shared group, and the batched facts the privacy policy decides on.
#include <gtest/gtest.h>

#include <algorithm>

#include "db/testing/database_fixture.hpp"
#include "store/block_store.hpp"
#include "store/conversation_store.hpp"
#include "store/follow_store.hpp"
#include "store/message_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class ConversationPrivacyTest : public db::testing::DatabaseTest {
 protected:
  UserRow NewUser(const std::string& name) {
    return db().WriteNow([&](db::Connection& c) {
      return UserStore().Insert(c, store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    });
  }
  core::MessageId Send(core::ConversationId conversation, core::UserId sender, const std::string& client_id,
                       core::Millis now = 100) {
    return db().WriteNow([&](db::Connection& c) {
      return MessageStore().Insert(c, {conversation, sender, "text " + client_id, client_id, std::nullopt, now}).id;
    });
  }
  ConversationRow Find(core::ConversationId id, core::UserId member) {
    return *db().ReadNow([&](db::Connection& c) { return ConversationStore().FindForMember(c, id, member); });
  }
  std::vector<core::ConversationId> List(core::UserId member, Folder folder) {
    std::vector<core::ConversationId> out;
    for (const auto& row : db().ReadNow(
             [&](db::Connection& c) { return ConversationStore().ListForMember(c, member, std::nullopt, 50, folder); })) {
      out.push_back(row.id);
    }
    return out;
  }
  FolderCounts Counts(core::UserId member) {
    return db().ReadNow([&](db::Connection& c) { return ConversationStore().CountFolders(c, member); });
  }
  std::vector<core::MessageId> Messages(core::ConversationId id, core::UserId reader) {
    const auto floor = Find(id, reader).history_floor;
    std::vector<core::MessageId> out;
    for (const auto& m : db().ReadNow([&](db::Connection& c) {
           return MessageStore().ListBefore(c, id, std::nullopt, 50, {.user = reader, .floor = floor});
         })) {
      out.push_back(m.id);
    }
    return out;
  }
  // The restricts table belongs to the Restrict endpoints (another store);
  // these tests only need its rows.
  void Restrict(core::UserId restrictor, core::UserId restricted, bool on = true) {
    db().WriteNow([&](db::Connection& c) {
      if (on) {
        c.Exec("INSERT INTO restricts (restrictor_id, restricted_id, created_at) VALUES ($1, $2, 1)", restrictor,
               restricted);
      } else {
        c.Exec("DELETE FROM restricts WHERE restrictor_id = $1 AND restricted_id = $2", restrictor, restricted);
      }
    });
  }
};

using Ids = std::vector<core::ConversationId>;

TEST_P(ConversationPrivacyTest, ARequestIsInTheRequestsFolderUntilAccepted) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10, false).id; });
  Send(id, ann.id, "a1");
  EXPECT_TRUE(Find(id, bob.id).is_request);
  EXPECT_FALSE(Find(id, bob.id).accepted);
  EXPECT_FALSE(Find(id, ann.id).is_request) << "the starter accepted it";
  EXPECT_EQ(List(bob.id, Folder::kInbox), Ids{});
  EXPECT_EQ(List(bob.id, Folder::kRequests), Ids{id});
  EXPECT_EQ(List(ann.id, Folder::kInbox), Ids{id});
  EXPECT_EQ(Counts(bob.id).requests, 1);
  EXPECT_EQ(Counts(bob.id).unread_inbox, 0) << "requests stay out of the Messages badge";

  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return ConversationStore().Accept(c, id, bob.id, 20); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return ConversationStore().Accept(c, id, bob.id, 30); }));
  EXPECT_EQ(List(bob.id, Folder::kInbox), Ids{id});
  EXPECT_EQ(List(bob.id, Folder::kRequests), Ids{});
  EXPECT_EQ(Counts(bob.id).unread_inbox, 1);
  EXPECT_EQ(Counts(bob.id).requests, 0);
}

TEST_P(ConversationPrivacyTest, RestrictingMovesA1To1ToRequestsForAsLongAsItLasts) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  Restrict(ann.id, bob.id);
  EXPECT_TRUE(Find(id, ann.id).is_request);
  EXPECT_TRUE(Find(id, ann.id).accepted);
  EXPECT_FALSE(Find(id, bob.id).is_request) << "the restricted user is not told";
  EXPECT_EQ(List(ann.id, Folder::kRequests), Ids{id});
  Restrict(ann.id, bob.id, false);
  EXPECT_EQ(List(ann.id, Folder::kInbox), Ids{id});
}

TEST_P(ConversationPrivacyTest, DeletingHidesUntilTheNextMessageAndOnlyLaterMessagesShow) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10).id; });
  const auto m1 = Send(id, ann.id, "a1");
  const auto clear = [&] {
    return db().WriteNow([&](db::Connection& c) {
      ConversationStore().Lock(c, id);
      return ConversationStore().Clear(c, id, bob.id);
    });
  };
  EXPECT_TRUE(clear());
  EXPECT_EQ(List(bob.id, Folder::kInbox), Ids{});
  EXPECT_EQ(Find(id, bob.id).unread_count, 0);
  EXPECT_FALSE(Find(id, bob.id).last_message);
  EXPECT_EQ(Find(id, bob.id).last_read, std::nullopt) << "deleting is not reading: no marker moves";
  EXPECT_EQ(List(ann.id, Folder::kInbox), Ids{id}) << "only for the one who deleted it";
  EXPECT_EQ(Messages(id, ann.id), std::vector{m1});

  const auto m2 = Send(id, ann.id, "a2");
  EXPECT_EQ(List(bob.id, Folder::kInbox), Ids{id});
  EXPECT_EQ(Find(id, bob.id).unread_count, 1);
  EXPECT_EQ(Find(id, bob.id).last_message, m2);
  EXPECT_EQ(Messages(id, bob.id), std::vector{m2});
  // Marking read recounts only what bob sees.
  const auto m3 = Send(id, ann.id, "a3");
  db().WriteNow([&](db::Connection& c) {
    ConversationStore().Lock(c, id);
    return ConversationStore().MarkRead(c, id, bob.id, m2);
  });
  EXPECT_EQ(Find(id, bob.id).unread_count, 1);
  EXPECT_EQ(Find(id, bob.id).last_message, m3);
}

TEST_P(ConversationPrivacyTest, ABlockedPairInAGroupSeesNoneOfEachOthersMessages) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const std::vector others{bob.id, cat.id};
  const auto group = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().CreateGroup(c, ann.id, std::nullopt, others, 10); });
  const auto before = Send(group, bob.id, "b0");
  db().WriteNow([&](db::Connection& c) { return BlockStore().Block(c, ann.id, bob.id, 20); });
  const auto from_cat = Send(group, cat.id, "c1");
  const auto from_bob = Send(group, bob.id, "b1");
  const auto from_ann = Send(group, ann.id, "a1");

  EXPECT_EQ(Messages(group, ann.id), (std::vector{from_ann, from_cat}));
  EXPECT_EQ(Messages(group, bob.id), (std::vector{from_bob, from_cat, before})) << "either way";
  EXPECT_EQ(Messages(group, cat.id), (std::vector{from_ann, from_bob, from_cat, before}));
  // Only what each sees counts as unread and as the last message.
  EXPECT_EQ(Find(group, ann.id).unread_count, 2) << "b0 (before the block) and c1";
  EXPECT_EQ(Find(group, bob.id).unread_count, 1) << "c1";
  EXPECT_EQ(Find(group, cat.id).unread_count, 3);
  EXPECT_EQ(Find(group, bob.id).last_message, from_bob) << "not ann's a1";
  EXPECT_EQ(Find(group, ann.id).last_message, from_ann);
  const auto newest_from_bob = Send(group, bob.id, "b2");
  EXPECT_EQ(Find(group, ann.id).last_message, from_ann) << "not bob's latest";
  EXPECT_EQ(Find(group, cat.id).last_message, newest_from_bob);
  db().WriteNow([&](db::Connection& c) {
    ConversationStore().Lock(c, group);
    return ConversationStore().MarkRead(c, group, ann.id, before);
  });
  EXPECT_EQ(Find(group, ann.id).unread_count, 1) << "c1 only; bob's never count";
}

TEST_P(ConversationPrivacyTest, FactsForThePolicyInOneStatementEach) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto cat = NewUser("cat");
  const auto dan = NewUser("dan");
  db().WriteNow([&](db::Connection& c) {
    FollowStore().Follow(c, bob.id, ann.id, false, 1);
    FollowStore().Follow(c, cat.id, ann.id, false, 1);
    FollowStore().Follow(c, dan.id, ann.id, true, 1);  // pending: not a follow yet
    return BlockStore().Block(c, cat.id, dan.id, 1);
  });
  Restrict(cat.id, ann.id);
  Restrict(ann.id, bob.id);
  const std::vector candidates{bob.id, cat.id, dan.id};
  const auto [starters, statements] = db().ReadNow([&](db::Connection& c) {
    const auto start = c.statements_executed();
    auto facts = ConversationStore().StarterFactsOf(c, ann.id, candidates);
    return std::pair(facts, c.statements_executed() - start);
  });
  EXPECT_EQ(statements, 1);
  ASSERT_EQ(starters.size(), 3u);
  for (const auto& f : starters) {
    if (f.user == bob.id) {
      EXPECT_TRUE(f.follows_starter && !f.restricts_starter);
    }
    if (f.user == cat.id) {
      EXPECT_TRUE(f.follows_starter && f.restricts_starter);
    }
    if (f.user == dan.id) {
      EXPECT_TRUE(!f.follows_starter && !f.restricts_starter);
    }
  }
  const std::vector bob_only{bob.id};
  const std::vector cat_only{cat.id};
  const std::vector everyone{ann.id, bob.id, cat.id, dan.id};
  db().ReadNow([&](db::Connection& c) {
    const ConversationStore store;
    EXPECT_TRUE(store.AnyBlockedPair(c, cat_only, everyone));
    EXPECT_FALSE(store.AnyBlockedPair(c, bob_only, everyone));
    const std::vector two{dan.id};
    const std::vector some{ann.id, cat.id};
    EXPECT_TRUE(store.AnyBlockedPair(c, two, some)) << "cat blocked dan: either way counts";
    return 0;
  });

  const std::vector<JoiningMember> joining{{bob.id, true}, {cat.id, false}, {dan.id, false}};
  const auto group = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().CreateGroup(c, ann.id, std::nullopt, joining, 10); });
  EXPECT_TRUE(Find(group, cat.id).is_request);
  EXPECT_FALSE(Find(group, bob.id).is_request);

  const auto around = db().ReadNow([&](db::Connection& c) { return ConversationStore().MembersAround(c, group, ann.id); });
  ASSERT_EQ(around.size(), 4u);
  for (const auto& m : around) {
    if (m.user == bob.id) {
      EXPECT_TRUE(m.subject_restricts && m.accepted && !m.blocked);
    }
    if (m.user == cat.id) {
      EXPECT_TRUE(!m.subject_restricts && !m.accepted && !m.blocked);
    }
  }
  const auto around_dan =
      db().ReadNow([&](db::Connection& c) { return ConversationStore().MembersAround(c, group, dan.id); });
  EXPECT_TRUE(std::any_of(around_dan.begin(), around_dan.end(), [&](const auto& m) { return m.user == cat.id && m.blocked; }));

  // Presence facts are OR-ed over shared conversations: dan accepted none yet.
  const auto contacts = db().ReadNow([&](db::Connection& c) { return ConversationStore().Contacts(c, dan.id); });
  ASSERT_EQ(contacts.size(), 3u);
  for (const auto& f : contacts) {
    EXPECT_FALSE(f.subject_accepted);
    EXPECT_EQ(f.blocked, f.user == cat.id);
  }
  db().WriteNow([&](db::Connection& c) {
    return ConversationStore().FindOrCreateDirect(c, dan.id, bob.id, 20, false).id;
  });
  for (const auto& f : db().ReadNow([&](db::Connection& c) { return ConversationStore().Contacts(c, dan.id); })) {
    EXPECT_EQ(f.subject_accepted, f.user == bob.id) << "only through the 1:1 dan started";
  }
}

TEST_P(ConversationPrivacyTest, AHiddenRequestLeavesTheFoldersUntilDeletedOrAccepted) {
  const auto ann = NewUser("ann");
  const auto bob = NewUser("bob");
  const auto id = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().FindOrCreateDirect(c, ann.id, bob.id, 10, false).id; });
  Send(id, ann.id, "a1");
  db().WriteNow([&](db::Connection& c) {
    c.Exec("INSERT INTO hidden_words (user_id, word) VALUES ($1, 'crypto'), ($1, 'deal')", bob.id);
    c.Exec("INSERT INTO hidden_words (user_id, word) VALUES ($1, 'other')", ann.id);
    return 0;
  });
  const auto words =
      db().ReadNow([&](db::Connection& c) { return ConversationStore().RequestRecipientWords(c, id, ann.id); });
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0], std::pair(bob.id, std::string("crypto")));
  const std::vector hide{bob.id, ann.id};
  db().WriteNow([&](db::Connection& c) {
    ConversationStore().HideRequest(c, id, hide);
    return 0;
  });
  EXPECT_EQ(List(bob.id, Folder::kRequests), Ids{});
  EXPECT_EQ(Counts(bob.id).requests, 0);
  EXPECT_EQ(List(ann.id, Folder::kInbox), Ids{id}) << "only requests are hidden, and only from their recipient";
  EXPECT_TRUE(db().ReadNow([&](db::Connection& c) { return ConversationStore().RequestRecipientWords(c, id, ann.id); })
                  .empty());
  db().WriteNow([&](db::Connection& c) {
    ConversationStore().Lock(c, id);
    return ConversationStore().Clear(c, id, bob.id);
  });
  Send(id, ann.id, "a2");
  EXPECT_EQ(List(bob.id, Folder::kRequests), Ids{id}) << "deleted, then a new message: a request again";
}

TEST_P(ConversationPrivacyTest, EveryMembersViewInConstantStatements) {
  const auto ann = NewUser("ann");
  std::vector<core::UserId> others;
  for (int i = 0; i < 6; ++i) others.push_back(NewUser("m" + std::to_string(i)).id);
  const auto group = db().WriteNow(
      [&](db::Connection& c) { return ConversationStore().CreateGroup(c, ann.id, std::nullopt, others, 10); });
  db().WriteNow([&](db::Connection& c) { return BlockStore().Block(c, others[0], others[1], 1); });
  const auto last = Send(group, others[1], "x");
  const auto [views, participants, statements] = db().ReadNow([&](db::Connection& c) {
    const auto start = c.statements_executed();
    auto v = ConversationStore().ViewsOfEveryMember(c, group);
    auto p = ConversationStore().ParticipantsForEveryMember(c, group);
    return std::tuple(v, p, c.statements_executed() - start);
  });
  EXPECT_EQ(statements, 2);
  ASSERT_EQ(views.size(), 7u);
  ASSERT_EQ(participants.size(), 49u);
  for (const auto& v : views) EXPECT_EQ(v.row.last_message == last, v.member != others[0]);
  for (const auto& p : participants) {
    const bool pair = (p.viewer == others[0] && p.participant.user.id == others[1]) ||
                      (p.viewer == others[1] && p.participant.user.id == others[0]);
    EXPECT_EQ(p.participant.blocked, pair);
  }
}

LENSLET_INSTANTIATE_DB_TEST(ConversationPrivacyTest);

}  // namespace
}  // namespace lenslet::store

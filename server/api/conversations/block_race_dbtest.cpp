// A block racing a message, a conversation start or a group between the same
// people (PostgreSQL, READ COMMITTED; migration 0028). Each write read the
// two as unblocked before the block committed, and a block touches no
// conversation row, so before 0028 nothing made either wait: a message was
// committed into a 1:1 after the block that closes it (message:new reached
// the blocker after their block), a group message counted and delivered to a
// member who had blocked its sender, a 1:1 or a group formed between people
// who blocked each other. Now every write takes the pair's lock shared and
// reads blocks after it, so either the block waits for the write (which then
// came first) or the write sees the block. The interleaving is forced with a
// unit held open on another session (db/testing/held_unit.hpp); SQLite runs
// write units one at a time, so there the write runs, then the block.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/conversations/detail/members.hpp"
#include "api/conversations/detail/send.hpp"
#include "api/users/detail/follows.hpp"
#include "api/users/testing/race_test.hpp"
#include "core/error.hpp"
#include "db/testing/held_unit.hpp"
#include "store/conversation_store.hpp"

namespace lenslet::api::conversations {
namespace {

using db::testing::HeldUnit;

// "" when the write went through, else its error code's number or text.
std::string Outcome(const std::function<void()>& write) {
  try {
    write();
  } catch (const core::Error& e) {
    switch (e.code()) {
      case core::ErrorCode::kForbidden: return "403";
      case core::ErrorCode::kConflict: return "409";
      case core::ErrorCode::kInvalidValue: return "422";
      default: return std::string("error: ") + e.what();
    }
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
  return "";
}

struct Race {
  std::string wrote;        // the write's outcome
  std::string blocked;      // the block's
  bool block_first = false;  // the block committed while the write waited (it never waited for the write)
};

class BlockMessageRaceTest : public users::testing::RaceTest {
 protected:
  void Block(core::UserId me, const std::string& username) {
    db().WriteNow([&](db::Connection& c) { return users::detail::StoreBlock(c, me, username, 40); });
  }
  core::ConversationId Direct(core::UserId a, core::UserId b, bool b_accepts = true) {
    return db().WriteNow([&](db::Connection& c) {
      return store::ConversationStore().FindOrCreateDirect(c, a, b, 10, b_accepts).id;
    });
  }
  core::ConversationId Group(core::UserId creator, std::vector<core::UserId> others) {
    return db().WriteNow([&](db::Connection& c) {
      return store::ConversationStore().CreateGroup(c, creator, std::nullopt, others, 10);
    });
  }
  detail::StoredMessage Send(core::ConversationId id, core::UserId sender, const std::string& client_id) {
    return detail::StoreTextMessage(
        db(), {.conversation = id, .sender = sender, .text = "hi", .client_id = client_id, .media = std::nullopt,
               .now = 50});
  }
  std::int64_t Count(const std::string& sql, core::UserId a, core::UserId b) {
    return db().ReadNow([&](db::Connection& c) { return c.Exec(sql, a, b).one().Int(0); });
  }
  std::int64_t MessagesFrom(core::UserId sender, core::ConversationId id) {
    return db().ReadNow([&](db::Connection& c) {
      return c.Exec("SELECT count(*) FROM messages WHERE sender_id = $1 AND conversation_id = $2", sender, id)
          .one()
          .Int(0);
    });
  }
  std::int64_t Unread(core::ConversationId id, core::UserId member) {
    return db().ReadNow([&](db::Connection& c) { return store::ConversationStore().FindForMember(c, id, member)->unread_count; });
  }
  // Conversations both a and b are in.
  std::int64_t Shared(core::UserId a, core::UserId b) {
    return Count(
        "SELECT count(*) FROM conversation_members x JOIN conversation_members y ON y.conversation_id = "
        "x.conversation_id WHERE x.user_id = $1 AND y.user_id = $2",
        a, b);
  }

  // The write, caught mid-way by `stall` (a lock it waits for after it read
  // blocks), while `me` blocks `username`; the stall lets go once the block
  // either committed or waits for the write.
  Race BlockWhileStalled(const std::function<void(db::Connection&)>& stall, const std::function<void()>& write,
                         core::UserId me, const std::string& username) {
    Race race;
    if (!pg()) {
      race.wrote = Outcome(write);
      race.blocked = Outcome([&] { Block(me, username); });
      return race;
    }
    HeldUnit held(db(), stall);
    race.wrote = "never ran";
    std::thread writer([&] { race.wrote = Outcome(write); });
    const auto writer_pid = db::testing::WaitForWaiterOn(db(), held.pid());
    std::atomic<bool> done{false};
    race.blocked = "never ran";
    std::thread blocker([&] {
      race.blocked = Outcome([&] { Block(me, username); });
      done = true;
    });
    bool settled = false;
    if (writer_pid) settled = db::testing::WaitUntil([&] { return done || db::testing::WaitingOn(db(), *writer_pid); });
    race.block_first = done;
    RecordProperty("block_first", done ? "true" : "false");
    held.Release();
    writer.join();
    blocker.join();
    EXPECT_TRUE(writer_pid) << "the write never waited for the stall";
    EXPECT_TRUE(settled) << "the block neither ended nor waited for the write";
    return race;
  }
};

TEST_P(BlockMessageRaceTest, AMessageInto1To1InFlightWhenBlockedIsRefusedOrCameFirst) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto direct = Direct(ann, bob);
  // The one-statement send waits for the conversation's row lock, its
  // snapshot (no block yet) taken.
  const auto race = BlockWhileStalled(
      [&](db::Connection& c) { c.Exec("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", direct); },
      [&] { Send(direct, bob, "m1"); }, ann, "bob");
  EXPECT_EQ(race.blocked, "");
  if (race.block_first) {
    EXPECT_EQ(race.wrote, "403") << "a message after the block that closes the 1:1";
    EXPECT_EQ(MessagesFrom(bob, direct), 0);
    EXPECT_EQ(Unread(direct, ann), 0);
  } else {
    EXPECT_EQ(race.wrote, "") << "a message before the block";
    EXPECT_EQ(MessagesFrom(bob, direct), 1);
  }
  // Either way the 1:1 carries nothing now.
  EXPECT_EQ(Outcome([&] { Send(direct, bob, "m2"); }), "403");
}

TEST_P(BlockMessageRaceTest, AReplyToARequestInFlightWhenBlockedIsRefusedOrCameFirst) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  // A request for bob: his reply runs the full unit, which accepts it after
  // it read blocks (MembersAround); it waits there on his member row.
  const auto direct = Direct(ann, bob, false);
  const auto race = BlockWhileStalled(
      [&](db::Connection& c) {
        c.Exec("SELECT 1 FROM conversation_members WHERE conversation_id = $1 AND user_id = $2 FOR UPDATE", direct,
               bob);
      },
      [&] { Send(direct, bob, "r1"); }, ann, "bob");
  EXPECT_EQ(race.blocked, "");
  if (race.block_first) {
    EXPECT_EQ(race.wrote, "403") << "a reply after the block that closes the 1:1";
    EXPECT_EQ(MessagesFrom(bob, direct), 0);
  } else {
    EXPECT_EQ(race.wrote, "") << "a reply before the block";
    EXPECT_EQ(MessagesFrom(bob, direct), 1);
  }
}

TEST_P(BlockMessageRaceTest, AGroupMessageInFlightWhenBlockedReachesTheBlockerOnlyIfItCameFirst) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat");
  const auto group = Group(cat, {ann, bob});
  detail::StoredMessage kept;
  const auto race = BlockWhileStalled(
      [&](db::Connection& c) { c.Exec("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", group); },
      [&] { kept = Send(group, bob, "g1"); }, ann, "bob");
  ASSERT_EQ(race.wrote, "") << "a group carries the message either way (API.md: hidden from the blocker)";
  EXPECT_EQ(race.blocked, "");
  const auto told = [&](core::UserId u) { return std::count(kept.audience.begin(), kept.audience.end(), u) > 0; };
  EXPECT_TRUE(told(cat));
  if (race.block_first) {
    EXPECT_FALSE(told(ann)) << "message:new to ann after her block of its sender";
    EXPECT_EQ(Unread(group, ann), 0) << "counted for ann after her block of its sender";
  } else {
    EXPECT_TRUE(told(ann));
    EXPECT_EQ(Unread(group, ann), 1);
  }
  EXPECT_EQ(Unread(group, cat), 1);
}

TEST_P(BlockMessageRaceTest, A1To1StartedWhileBlockedIsRefusedOrCameFirst) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  // The start waits to insert the conversation, its block check done.
  const auto race = BlockWhileStalled(
      [&](db::Connection& c) { c.Exec("LOCK TABLE conversations IN SHARE MODE"); },
      [&] {
        db().WriteNow([&](db::Connection& c) {
          return detail::OpenConversation(c, bob, std::vector<std::string>{"ann"}, std::nullopt, 30).id;
        });
      },
      ann, "bob");
  EXPECT_EQ(race.blocked, "");
  if (race.block_first) {
    EXPECT_NE(race.wrote, "") << "a 1:1 opened after the block";
    EXPECT_EQ(Shared(ann, bob), 0);
  } else {
    EXPECT_EQ(race.wrote, "");
    EXPECT_EQ(Shared(ann, bob), 1);
  }
}

TEST_P(BlockMessageRaceTest, AGroupFormedWhileTwoOfItBlockIsRefusedOrCameFirst) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cat = NewUserId("cat");
  const auto race = BlockWhileStalled(
      [&](db::Connection& c) { c.Exec("LOCK TABLE conversations IN SHARE MODE"); },
      [&] {
        db().WriteNow([&](db::Connection& c) {
          return detail::OpenConversation(c, cat, std::vector<std::string>{"ann", "bob"}, std::nullopt, 30).id;
        });
      },
      ann, "bob");
  EXPECT_EQ(race.blocked, "");
  if (race.block_first) {
    EXPECT_EQ(race.wrote, "409") << "a group of a blocked pair formed after the block";
    EXPECT_EQ(Shared(ann, bob), 0);
  } else {
    EXPECT_EQ(race.wrote, "");
    EXPECT_EQ(Shared(ann, bob), 1);
  }
}

LENSLET_INSTANTIATE_DB_TEST(BlockMessageRaceTest);

}  // namespace
}  // namespace lenslet::api::conversations

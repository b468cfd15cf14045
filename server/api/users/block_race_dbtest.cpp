// A block racing a follow, a request, a like, a comment or a mention between
// the same two people leaves nothing between them (PostgreSQL, READ
// COMMITTED; migration 0025). Each write read the two as unblocked before the
// block committed; before 0025 its insert could land after the block's
// deletes and stay: a follow, a request or a notification between people who
// blocked each other. The interleaving is forced, not hoped for: a unit held
// open on another session (db/testing/held_unit.hpp) makes one side wait.
// SQLite runs write units one at a time, so there the two run one after the
// other and the same end state is checked.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/posts/detail/engagement.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/users/detail/follows.hpp"
#include "core/error.hpp"
#include "db/testing/database_fixture.hpp"
#include "api/users/testing/race_test.hpp"
#include "db/testing/held_unit.hpp"
#include "store/post_store.hpp"
#include "store/testing/test_users.hpp"

namespace lenslet::api::users {
namespace {

using db::testing::HeldUnit;
using testing::AnswerOf;

using Answer = std::string;

class BlockRaceTest : public testing::RaceTest {
 protected:
  core::PostId NewPost(core::UserId author) {
    return db().WriteNow([&](db::Connection& c) {
      return store::PostStore().Insert(c, store::NewPost{author, "hello", {}, {}, 1}).id;
    });
  }
  void Block(core::UserId me, const std::string& username) {
    db().WriteNow([&](db::Connection& c) { return detail::StoreBlock(c, me, username, 40); });
  }
  // Follows (any state) and notifications between a and b, either way.
  std::array<std::int64_t, 2> Between(core::UserId a, core::UserId b) {
    return db().ReadNow([&](db::Connection& c) {
      const auto row =
          c.Exec(
               "SELECT (SELECT count(*) FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR "
               "(follower_id = $2 AND followee_id = $1)), (SELECT count(*) FROM notifications WHERE "
               "(recipient_id = $1 AND actor_id = $2) OR (recipient_id = $2 AND actor_id = $1))",
               a, b)
              .one();
      return std::array{row.Int(0), row.Int(1)};
    });
  }

  // The write, caught mid-way by `stall` (a lock it waits for after it read
  // the two as unblocked and, on PostgreSQL, after its first insert), while
  // `me` blocks `username`; the stall lets go once the block either committed
  // or waits for the write. Returns the write's and the block's answers.
  // Before migration 0025 the block committed first, finding nothing to
  // delete, and the write then committed its rows.
  std::array<Answer, 2> BlockWhileStalled(const std::function<void(db::Connection&)>& stall,
                                          const std::function<void()>& write, core::UserId me,
                                          const std::string& username) {
    if (!pg()) {
      auto wrote = AnswerOf(write);
      return {wrote, AnswerOf([&] { Block(me, username); })};
    }
    HeldUnit held(db(), stall);
    Answer wrote = "never ran";
    std::thread writer([&] { wrote = AnswerOf(write); });
    const auto writer_pid = db::testing::WaitForWaiterOn(db(), held.pid());
    std::atomic<bool> blocked{false};
    Answer block_answer = "never ran";
    std::thread blocker([&] {
      block_answer = AnswerOf([&] { Block(me, username); });
      blocked = true;
    });
    bool settled = false;
    if (writer_pid) {
      settled = db::testing::WaitUntil([&] { return blocked || db::testing::WaitingOn(db(), *writer_pid); });
    }
    held.Release();
    writer.join();
    blocker.join();
    EXPECT_TRUE(writer_pid) << "the write never waited for the stall";
    EXPECT_TRUE(settled) << "the block neither ended nor waited for the write";
    return {wrote, block_answer};
  }

  // The block, committed only once the write waits for it (after its deletes,
  // holding the pair's lock on PostgreSQL) or has ended: before migration
  // 0025 it never waited, and committed what it wrote after the deletes.
  // Returns the write's answer.
  Answer WriteWhileBlocking(core::UserId me, const std::string& username,
                            const std::function<void()>& write) {
    if (!pg()) {
      Block(me, username);
      return AnswerOf(write);
    }
    HeldUnit held(db(), [&](db::Connection& c) { detail::StoreBlock(c, me, username, 40); });
    std::atomic<bool> done{false};
    Answer wrote = "never ran";
    std::thread writer([&] {
      wrote = AnswerOf(write);
      done = true;
    });
    const auto holder = held.pid();
    EXPECT_TRUE(db::testing::WaitUntil([&] { return done || db::testing::WaitingOn(db(), holder); }));
    held.Release(true);
    writer.join();
    return wrote;
  }
};

TEST_P(BlockRaceTest, AFollowInFlightWhenBlockedLeavesNoFollowNorNotification) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  // The follow waits on ann's row for her counter, its follow already inserted.
  const auto answers = BlockWhileStalled(
      [&](db::Connection& c) { c.Exec("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", ann); },
      [&] { detail::FollowNow(db(), bob, "ann", 10); }, ann, "bob");
  EXPECT_EQ(answers[0], "") << "a follow before the block";
  EXPECT_EQ(answers[1], "");
  EXPECT_EQ(Between(ann, bob), (std::array<std::int64_t, 2>{0, 0})) << "follows, notifications";
  EXPECT_EQ(MiscountedUsers(), 0);
}

TEST_P(BlockRaceTest, ARequestInFlightWhenBlockedLeavesNoRequestNorNotification) {
  const auto cat = NewUserId("cat", true);
  const auto bob = NewUserId("bob");
  // The request waits to tell cat: the same notification, not yet committed.
  const auto answers = BlockWhileStalled(
      [&](db::Connection& c) {
        c.Exec(
            "INSERT INTO notifications (recipient_id, type, actor_id, is_read, created_at) "
            "VALUES ($1, 'follow_request', $2, 0, 1)",
            cat, bob);
      },
      [&] { detail::FollowNow(db(), bob, "cat", 10); }, cat, "bob");
  EXPECT_EQ(answers[0], "");
  EXPECT_EQ(answers[1], "");
  EXPECT_EQ(Between(cat, bob), (std::array<std::int64_t, 2>{0, 0}));
}

TEST_P(BlockRaceTest, ALikeOrCommentInFlightWhenBlockedLeavesNoNotification) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cal = NewUserId("cal");
  const auto post = NewPost(ann);
  // Each waits on the post's row for its count.
  const auto hold_post = [&](db::Connection& c) {
    c.Exec("SELECT 1 FROM posts WHERE id = $1 FOR NO KEY UPDATE", post);
  };
  const auto liked = BlockWhileStalled(
      hold_post, [&] { posts::detail::LikeNow(db(), bob, post, 10); }, ann, "bob");
  EXPECT_EQ(liked[0], "");
  EXPECT_EQ(Between(ann, bob), (std::array<std::int64_t, 2>{0, 0})) << "the like's notification";
  const auto commented = BlockWhileStalled(
      hold_post, [&] { posts::detail::CommentNow(db(), cal, post, "nice", {}, 11); }, ann, "cal");
  EXPECT_EQ(commented[0], "");
  EXPECT_EQ(Between(ann, cal), (std::array<std::int64_t, 2>{0, 0})) << "the comment's notification";
}

// The other order: the block is in flight (its deletes done, not committed)
// when the write reads. The write waits for it and then sees it: a follow is
// answered as one after the block (404), a like or comment is written but
// tells nobody, as when it came first and the block removed its notification.
TEST_P(BlockRaceTest, AWriteReadingBeforeABlockCommitsWaitsForItAndSeesIt) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto cal = NewUserId("cal", true);
  const auto dan = NewUserId("dan");
  const auto eve = NewUserId("eve");
  const auto post = NewPost(ann);

  EXPECT_EQ(WriteWhileBlocking(ann, "bob", [&] { detail::FollowNow(db(), bob, "ann", 10); }), "404");
  EXPECT_EQ(Between(ann, bob), (std::array<std::int64_t, 2>{0, 0})) << "the one-statement follow";
  EXPECT_EQ(WriteWhileBlocking(cal, "bob", [&] { detail::FollowNow(db(), bob, "cal", 10); }), "404");
  EXPECT_EQ(Between(cal, bob), (std::array<std::int64_t, 2>{0, 0})) << "a request (the unit)";
  EXPECT_EQ(WriteWhileBlocking(ann, "dan", [&] { posts::detail::LikeNow(db(), dan, post, 10); }),
            pg() ? "" : "404");
  EXPECT_EQ(Between(ann, dan), (std::array<std::int64_t, 2>{0, 0})) << "the like's notification";
  EXPECT_EQ(
      WriteWhileBlocking(ann, "eve", [&] { posts::detail::CommentNow(db(), eve, post, "hey", {}, 10); }),
      pg() ? "" : "404");
  EXPECT_EQ(Between(ann, eve), (std::array<std::int64_t, 2>{0, 0})) << "the comment's notification";
  EXPECT_EQ(MiscountedUsers(), 0);
}

// A comment's mention: the unit looks for a block in a statement of its own
// before it tells the one mentioned, so only a block in flight then (deleted
// what there was, not yet committed) could slip past it.
TEST_P(BlockRaceTest, AMentionReadingBeforeABlockCommitsTellsNobody) {
  const auto ann = NewUserId("ann");
  const auto bob = NewUserId("bob");
  const auto mia = NewUserId("mia");
  const auto post = NewPost(ann);
  EXPECT_EQ(WriteWhileBlocking(mia, "bob",
                               [&] { posts::detail::CommentNow(db(), bob, post, "hi @mia", {"mia"}, 10); }),
            "");
  EXPECT_EQ(Between(mia, bob), (std::array<std::int64_t, 2>{0, 0}));
  EXPECT_EQ(Between(ann, bob)[1], 1) << "the post's author is told";
}

// A post mentioning someone while its author and they block each other, with
// a follow between them to uncount. The block holds the pair's lock and waits
// for the author's users row for the counters; the post's mention waits for
// the pair's lock. Had the post counted itself in the author's row before
// telling the mentioned (as it did), neither could go on: PostgreSQL ended
// one with a deadlock (503). The held unit keeps the block waiting on the
// follow's row until the post waits for it.
TEST_P(BlockRaceTest, APostMentioningSomeoneBlockingNeverDeadlocks) {
  const auto ann = NewUserId("ann");
  const auto mia = NewUserId("mia");
  detail::FollowNow(db(), mia, "ann", 5);
  const auto post = [&] {
    db().WriteNow([&](db::Connection& c) {
      std::vector<notifications::Created> told;
      return posts::detail::StorePost(c, store::NewPost{.author = ann, .caption = "hi @mia", .now = 10},
                                      {"mia"}, told);
    });
  };
  Answer posted = "never ran";
  Answer blocked = "never ran";
  if (!pg()) {
    blocked = AnswerOf([&] { Block(ann, "mia"); });
    posted = AnswerOf(post);
  } else {
    HeldUnit held(db(), [&](db::Connection& c) {
      c.Exec("SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2 FOR UPDATE", mia, ann);
    });
    std::thread blocker([&] { blocked = AnswerOf([&] { Block(ann, "mia"); }); });
    const auto block_pid = db::testing::WaitForWaiterOn(db(), held.pid());
    std::thread poster([&] { posted = AnswerOf(post); });
    std::optional<std::int64_t> post_pid;
    if (block_pid) post_pid = db::testing::WaitForWaiterOn(db(), *block_pid);
    held.Release();
    blocker.join();
    poster.join();
    EXPECT_TRUE(block_pid) << "the block never waited for the follow's row";
    EXPECT_TRUE(post_pid) << "the post never waited for the block";
  }
  EXPECT_EQ(blocked, "");
  EXPECT_EQ(posted, "");
  EXPECT_EQ(Between(ann, mia), (std::array<std::int64_t, 2>{0, 0})) << "no follow, no mention";
  EXPECT_EQ(MiscountedUsers(), 0);
  const auto post_count = db().ReadNow([&](db::Connection& c) {
    return c.Exec("SELECT post_count FROM users WHERE id = $1", ann).one().Int(0);
  });
  EXPECT_EQ(post_count, 1);
}

LENSLET_INSTANTIATE_DB_TEST(BlockRaceTest);

}  // namespace
}  // namespace lenslet::api::users

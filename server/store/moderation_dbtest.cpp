// Reports, suspensions, the audit log and moderation notices on both
// databases (issue 13.2, 13.3).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "db/testing/database_fixture.hpp"
#include "store/account_deletion_store.hpp"
#include "store/audit_store.hpp"
#include "store/comment_store.hpp"
#include "store/conversation_store.hpp"
#include "store/feed_store.hpp"
#include "store/follow_store.hpp"
#include "store/message_store.hpp"
#include "store/notification_store.hpp"
#include "store/post_store.hpp"
#include "store/report_store.hpp"
#include "store/search_store.hpp"
#include "store/suspension_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {
namespace {

class ModerationStoreTest : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ann_ = NewUser("ann");
    bob_ = NewUser("bob");
    cat_ = NewUser("cat");
  }
  core::UserId NewUser(const std::string& name) {
    return db()
        .WriteNow([&](db::Connection& c) {
          return UserStore().Insert(c,
                                    store::NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
        })
        .id;
  }
  core::PostId NewPost(core::UserId author, const std::string& caption = "a post #tag") {
    return db().WriteNow([&](db::Connection& c) {
      return PostStore().Insert(c, {.author = author, .caption = caption, .hashtags = {"tag"}, .now = 10}).id;
    });
  }
  CreatedReport Report(core::UserId reporter, TargetRef target, std::int64_t now = 100) {
    return db().WriteNow([&](db::Connection& c) {
      return ReportStore().Create(c, {.reporter = reporter, .target = target, .reason = "spam", .now = now});
    });
  }
  std::vector<QueueItem> Queue(bool open, std::optional<std::int64_t> before = {}, int limit = 50) {
    return db().ReadNow([&](db::Connection& c) { return ReportStore().Queue(c, open, before, limit); });
  }
  void Suspend(core::UserId user, std::optional<core::Millis> until = std::nullopt) {
    db().WriteNow([&](db::Connection& c) { SuspensionStore().Put(c, user, "spam", until, ann_, 50); });
  }

  core::UserId ann_, bob_, cat_;
};

TEST_P(ModerationStoreTest, TheSameOpenReportIsMadeOnce) {
  const TargetRef post{ReportTarget::kPost, NewPost(ann_).value};
  const auto first = Report(bob_, post);
  EXPECT_TRUE(first.created);
  const auto again = Report(bob_, post);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, first.id);
  EXPECT_TRUE(Report(cat_, post).created);  // another reporter: another report

  // Once resolved, a new report of the same target is a new one.
  db().WriteNow([&](db::Connection& c) { ReportStore().Resolve(c, post, Resolution::kDismiss, ann_, 200); });
  const auto later = Report(bob_, post);
  EXPECT_TRUE(later.created);
  EXPECT_NE(later.id, first.id);
}

TEST_P(ModerationStoreTest, RacingReportsStoreOneRow) {
  const TargetRef user{ReportTarget::kUser, ann_.value};
  std::vector<CreatedReport> results(10);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Report(bob_, user); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.created; }), 1);
  for (const auto& r : results) EXPECT_EQ(r.id, results[0].id);
  EXPECT_EQ(
      db().ReadNow([&](db::Connection& c) { return c.Exec("SELECT count(*) FROM reports").one().Int(0); }),
      1);
}

TEST_P(ModerationStoreTest, AMessageReportKeepsThatMessageAndTenBeforeIt) {
  const auto [direct, other] = db().WriteNow([&](db::Connection& c) {
    return std::pair{ConversationStore().FindOrCreateDirect(c, ann_, bob_, 1).id,
                     ConversationStore().FindOrCreateDirect(c, ann_, cat_, 1).id};
  });
  std::vector<core::MessageId> ids;
  for (int i = 0; i < 15; ++i) {
    db().WriteNow([&](db::Connection& c) {
      // Interleaved with another conversation, which must never leak in.
      MessageStore().Insert(c, {other, cat_, "other " + std::to_string(i), "o" + std::to_string(i), {}, 5});
      ids.push_back(
          MessageStore()
              .Insert(
                  c,
                  {direct, i % 2 ? bob_ : ann_, "m" + std::to_string(i), "d" + std::to_string(i), {}, 10 + i})
              .id);
    });
  }
  const auto snapshot = [&](core::MessageId message) {
    const auto report = Report(ann_, {ReportTarget::kMessage, message.value}).id;
    db().WriteNow([&](db::Connection& c) { ReportStore().SnapshotMessages(c, report, direct, message); });
    return report;
  };
  const auto late = snapshot(ids[13]);  // 13 before it: only 10 are kept
  const auto early = snapshot(ids[2]);  // 2 before it: all of them
  // Deleting the conversation's messages leaves the snapshots.
  db().WriteNow([&](db::Connection& c) { c.Exec("DELETE FROM messages"); });

  const std::int64_t reports[] = {late, early};
  const auto rows = db().ReadNow([&](db::Connection& c) { return ReportStore().Snapshots(c, reports); });
  std::vector<std::string> late_texts, early_texts;
  for (const auto& [report, message] : rows)
    (report == late ? late_texts : early_texts).push_back(message.text);
  EXPECT_EQ(late_texts,
            (std::vector<std::string>{"m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12", "m13"}));
  EXPECT_EQ(early_texts, (std::vector<std::string>{"m0", "m1", "m2"}));
  ASSERT_FALSE(rows.empty());
  ASSERT_TRUE(rows.front().second.sender);
}

TEST_P(ModerationStoreTest, TheQueueHasOneItemPerTargetNewestFirst) {
  const TargetRef post{ReportTarget::kPost, NewPost(ann_).value};
  const TargetRef user{ReportTarget::kUser, cat_.value};
  const auto a = Report(bob_, post).id;
  Report(bob_, user);
  const auto c = Report(cat_, post).id;  // the post's reports are now the newest
  auto items = Queue(true);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].target, post);
  EXPECT_EQ(items[0].count, 2);
  EXPECT_EQ(items[0].latest_report, c);
  EXPECT_EQ(items[1].target, user);
  // Keyset pages: after the first item comes the second.
  const auto next = Queue(true, items[0].latest_report, 1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].target, user);

  const TargetRef targets[] = {post, user};
  const auto reports =
      db().ReadNow([&](db::Connection& cn) { return ReportStore().ReportsOf(cn, targets, true); });
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].id, c);  // newest first
  EXPECT_EQ(reports.back().id, a);
  EXPECT_EQ(reports[0].reporter.id, cat_);

  db().WriteNow([&](db::Connection& cn) { ReportStore().Resolve(cn, post, Resolution::kRemove, ann_, 300); });
  EXPECT_EQ(Queue(true).size(), 1u);
  const auto resolved = Queue(false);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].target, post);
}

// SQLite may give a deleted row's id to the next post: a report must never
// move to the new content, so deleting content resolves its open reports.
TEST_P(ModerationStoreTest, DeletedContentClosesItsReports) {
  const auto post = NewPost(ann_);
  const auto comment =
      db().WriteNow([&](db::Connection& c) { return CommentStore().Insert(c, post, bob_, "hi", 20); });
  const auto other_comment =
      db().WriteNow([&](db::Connection& c) { return CommentStore().Insert(c, post, cat_, "yo", 21); });
  Report(cat_, {ReportTarget::kPost, post.value});
  Report(ann_, {ReportTarget::kComment, comment.value});
  Report(ann_, {ReportTarget::kComment, other_comment.value});
  db().WriteNow([&](db::Connection& c) { CommentStore().Delete(c, comment); });
  EXPECT_EQ(Queue(true).size(), 2u);
  db().WriteNow([&](db::Connection& c) { PostStore().Delete(c, post); });
  EXPECT_TRUE(Queue(true).empty());
  const auto resolutions = db().ReadNow([&](db::Connection& c) {
    std::vector<std::string> out;
    for (const auto& row : c.Exec("SELECT resolution FROM reports ORDER BY id").rows)
      out.push_back(row.Text(0));
    return out;
  });
  EXPECT_EQ(resolutions, (std::vector<std::string>{"deleted", "deleted", "deleted"}));
}

// The resolved queue shows a deleted comment's reports with the comment as it
// is now (FindMany by target id): SQLite gave a deleted newest comment's id
// to the next comment, so the reports showed someone else's words, another
// post's, as what was reported and removed (migration 0023).
TEST_P(ModerationStoreTest, AReportedDeletedCommentsIdNeverNamesANewComment) {
  const auto post = NewPost(ann_);
  const auto reported =
      db().WriteNow([&](db::Connection& c) { return CommentStore().Insert(c, post, bob_, "nasty", 20); });
  Report(ann_, {ReportTarget::kComment, reported.value});
  db().WriteNow([&](db::Connection& c) { CommentStore().Delete(c, reported); });
  const auto elsewhere = NewPost(cat_);
  const auto next = db().WriteNow(
      [&](db::Connection& c) { return CommentStore().Insert(c, elsewhere, cat_, "kind words", 30); });
  EXPECT_GT(next.value, reported.value);
  const auto resolved = Queue(false);
  ASSERT_EQ(resolved.size(), 1u);
  const std::vector<core::CommentId> target{core::CommentId(resolved[0].target.id)};
  EXPECT_TRUE(db().ReadNow([&](db::Connection& c) { return CommentStore().FindMany(c, target); }).empty());
}

// A moderator acts on a report by its id (POST /admin/reports/{id}/resolve):
// when its reporter's account is purged, the id must name nothing rather than
// a later report of another target, which the action would then remove or
// suspend. SQLite gave a purged newest report's id to the next (migration 0023).
TEST_P(ModerationStoreTest, APurgedReportersReportIdNeverNamesAnotherReport) {
  const TargetRef shown{ReportTarget::kPost, NewPost(ann_).value};
  const auto gone = Report(bob_, shown);
  const AccountDeletionStore deletion;
  db().WriteNow([&](db::Connection& c) { deletion.Deactivate(c, bob_, 1'000, 1'000); });
  const auto claim =
      db().WriteNow([&](db::Connection& c) { return deletion.ClaimDue(c, 1'000, 60'000, "t"); });
  ASSERT_TRUE(claim);
  for (int step = 0; step < 100; ++step) {
    if (db().WriteNow([&](db::Connection& c) { return deletion.PurgeStep(c, *claim, 1'000, 60'000, 100); })
            .finished) {
      break;
    }
  }
  const auto later = Report(cat_, {ReportTarget::kUser, ann_.value});
  EXPECT_GT(later.id, gone.id);
  const auto header = db().ReadNow([&](db::Connection& c) { return ReportStore().FindHeader(c, gone.id); });
  EXPECT_FALSE(header) << "report " << gone.id << " now names " << ToString(header->target.type) << " "
                       << header->target.id;
}

TEST_P(ModerationStoreTest, ASuspensionAppliesUntilLiftedOrUntilItsEnd) {
  const SuspensionStore suspensions;
  const auto active = [&](core::UserId u) {
    return db().ReadNow([&](db::Connection& c) { return suspensions.Active(c, u); });
  };
  EXPECT_FALSE(active(bob_));
  Suspend(bob_);
  ASSERT_TRUE(active(bob_));
  EXPECT_EQ(active(bob_)->reason, "spam");
  EXPECT_FALSE(active(bob_)->until);
  EXPECT_TRUE(db().WriteNow([&](db::Connection& c) { return suspensions.Lift(c, bob_); }));
  EXPECT_FALSE(active(bob_));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return suspensions.Lift(c, bob_); }));

  const auto now = core::NowMillis();
  Suspend(cat_, now + 3'600'000);
  ASSERT_TRUE(active(cat_));
  EXPECT_EQ(active(cat_)->until, now + 3'600'000);
  Suspend(cat_, now - 1'000);  // over: the row stays, the suspension does not apply
  EXPECT_FALSE(active(cat_));
  EXPECT_FALSE(db().ReadNow([&](db::Connection& c) { return suspensions.IsSuspended(c, cat_); }));
  EXPECT_FALSE(db().WriteNow([&](db::Connection& c) { return suspensions.Lift(c, cat_); }));
}

TEST_P(ModerationStoreTest, ListsLeaveTheSuspendedOut) {
  db().WriteNow([&](db::Connection& c) {
    FollowStore().Follow(c, ann_, bob_, false, 5);
    FollowStore().Follow(c, bob_, ann_, false, 5);
  });
  const auto bobs = NewPost(bob_);
  const auto anns = NewPost(ann_);
  db().WriteNow([&](db::Connection& c) { CommentStore().Insert(c, anns, bob_, "from bob", 20); });
  const auto look = [&] {
    return db().ReadNow([&](db::Connection& c) {
      return std::tuple{FeedStore().Home(c, ann_, {}, 10).size(),
                        FeedStore().Tagged(c, "tag", cat_, {}, 10).size(),
                        CommentStore().List(c, anns, cat_, {}, 10).size(),
                        FollowStore().Followers(c, ann_, cat_, {}, 10).size(),
                        FollowStore().Following(c, ann_, cat_, {}, 10).size(),
                        SearchStore().Users(c, cat_, "bo", 10).size()};
    });
  };
  EXPECT_EQ(look(), std::make_tuple(2u, 2u, 1u, 1u, 1u, 1u));
  Suspend(bob_);
  EXPECT_EQ(look(), std::make_tuple(1u, 1u, 0u, 0u, 0u, 0u));
  (void)bobs;
}

// A hidden actor's notifications leave the recipient's list and unread
// count while hidden (a suspension in force, a deactivated account), and
// come back when the suspension ends.
TEST_P(ModerationStoreTest, HiddenActorsLeaveTheUnreadCountWhileHidden) {
  const NotificationStore notifications;
  db().WriteNow([&](db::Connection& c) {
    notifications.Upsert(c, {.recipient = ann_, .type = NotificationType::kFollow, .actor = bob_, .now = 5});
    return notifications.Upsert(
        c, {.recipient = ann_, .type = NotificationType::kFollow, .actor = cat_, .now = 6});
  });
  const auto unread = [&] {
    return db().ReadNow([&](db::Connection& c) {
      return std::pair{notifications.UnreadCount(c, ann_),
                       notifications.List(c, ann_, std::nullopt, 10).size()};
    });
  };
  EXPECT_EQ(unread(), std::make_pair(std::int64_t{2}, std::size_t{2}));
  Suspend(bob_);
  EXPECT_EQ(unread(), std::make_pair(std::int64_t{1}, std::size_t{1}));
  db().WriteNow([&](db::Connection& c) { return AccountDeletionStore().Deactivate(c, cat_, 60, 1'000'000); });
  EXPECT_EQ(unread(), std::make_pair(std::int64_t{0}, std::size_t{0}));
  db().WriteNow([&](db::Connection& c) { return SuspensionStore().Lift(c, bob_); });
  EXPECT_EQ(unread(), std::make_pair(std::int64_t{1}, std::size_t{1}));
}

TEST_P(ModerationStoreTest, TheAuditLogIsAppendOnly) {
  const AuditStore audit;
  const auto first = db().WriteNow([&](db::Connection& c) {
    return audit.Append(c, {.actor = ann_,
                            .action = AuditAction::kSuspend,
                            .target = {ReportTarget::kUser, bob_.value},
                            .reason = "spam",
                            .now = 5});
  });
  db().WriteNow([&](db::Connection& c) {
    audit.Append(c, {.actor = cat_,
                     .action = AuditAction::kRemovePost,
                     .target = {ReportTarget::kPost, 9},
                     .reason = "gore",
                     .now = 6});
  });
  auto rows = db().ReadNow([&](db::Connection& c) { return audit.List(c, std::nullopt, 10); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].action, "remove_post");
  EXPECT_EQ(rows[1].id, first);
  ASSERT_TRUE(rows[1].actor);
  EXPECT_EQ(rows[1].actor->id, ann_);
  EXPECT_EQ(rows[1].target, (TargetRef{ReportTarget::kUser, bob_.value}));
  EXPECT_EQ(db().ReadNow([&](db::Connection& c) { return audit.List(c, rows[0].id, 10); }).size(), 1u);
  // Not even SQL from elsewhere rewrites history.
  EXPECT_ANY_THROW(
      db().WriteNow([&](db::Connection& c) { c.Exec("UPDATE moderation_audit SET reason = 'x'"); }));
  EXPECT_ANY_THROW(db().WriteNow([&](db::Connection& c) { c.Exec("DELETE FROM moderation_audit"); }));
  EXPECT_EQ(db().ReadNow([&](db::Connection& c) { return audit.List(c, std::nullopt, 10); }).size(), 2u);
}

TEST_P(ModerationStoreTest, EveryModerationNoticeIsItsOwnNotification) {
  const AuditStore audit;
  const NotificationStore notifications;
  for (int i = 0; i < 2; ++i) {
    db().WriteNow([&](db::Connection& c) {
      const auto entry = audit.Append(c, {.actor = ann_,
                                          .action = AuditAction::kRemovePost,
                                          .target = {ReportTarget::kPost, 7 + i},
                                          .reason = "r" + std::to_string(i),
                                          .now = 5});
      EXPECT_TRUE(notifications.Upsert(c, {.recipient = bob_,
                                           .type = NotificationType::kContentRemoved,
                                           .actor = bob_,
                                           .now = 6,
                                           .audit = entry}));
    });
  }
  const auto rows =
      db().ReadNow([&](db::Connection& c) { return notifications.List(c, bob_, std::nullopt, 10); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].type, NotificationType::kContentRemoved);
  EXPECT_EQ(rows[0].actor.id, bob_);
  EXPECT_EQ(rows[0].moderation_reason, "r1");
  EXPECT_EQ(rows[0].moderation_target, "post");
  EXPECT_EQ(rows[1].moderation_reason, "r0");
  EXPECT_EQ(ParseNotificationType("warning"), NotificationType::kWarning);
}

LENSLET_INSTANTIATE_DB_TEST(ModerationStoreTest);

}  // namespace
}  // namespace lenslet::store

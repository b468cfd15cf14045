#include "store/account_deletion_store.hpp"

#include <array>
#include <functional>

#include "store/comment_store.hpp"
#include "store/follow_store.hpp"
#include "store/like_store.hpp"
#include "store/media_store.hpp"
#include "store/post_store.hpp"
#include "store/save_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kDeactivate =
    "UPDATE users SET deactivated_at = $2, delete_at = $3 WHERE id = $1 AND deactivated_at IS NULL";
constexpr std::string_view kWriteJob =
    "INSERT INTO account_purges (user_id, due_at, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id) DO UPDATE SET due_at = excluded.due_at, claimed_until = 0, claim_token = '', "
    "attempts = 0, last_error = ''";

constexpr std::string_view kStanding = "SELECT deactivated_at, delete_at, purged_at FROM users WHERE id = $1";
constexpr std::string_view kRestore = "UPDATE users SET deactivated_at = NULL, delete_at = NULL WHERE id = $1";
constexpr std::string_view kDeleteJob = "DELETE FROM account_purges WHERE user_id = $1";

constexpr std::string_view kDueJob =
    "SELECT user_id FROM account_purges WHERE due_at <= $1 AND claimed_until < $1 ORDER BY due_at LIMIT 1";
// WARNING: the conditions are checked again on the row itself: of two
// instances that picked the same job, the second finds it claimed.
constexpr std::string_view kClaim =
    "UPDATE account_purges SET claimed_until = $2, claim_token = $3, attempts = attempts + 1 "
    "WHERE user_id = $1 AND due_at <= $4 AND claimed_until < $4 RETURNING attempts";
// Our claim still holds, and the account is still deactivated and due (a
// login before delete_at deletes the job, so nothing is purged after it).
constexpr std::string_view kRenew =
    "UPDATE account_purges SET claimed_until = $3 WHERE user_id = $1 AND claim_token = $2 AND EXISTS "
    "(SELECT 1 FROM users u WHERE u.id = $1 AND u.deactivated_at IS NOT NULL AND u.delete_at <= $4)";
constexpr std::string_view kGiveBack =
    "UPDATE account_purges SET due_at = $3, claimed_until = 0, claim_token = '', last_error = $4 "
    "WHERE user_id = $1 AND claim_token = $2";

constexpr std::string_view kPendingFiles =
    "SELECT blob_key FROM account_purge_files WHERE user_id = $1 ORDER BY blob_key LIMIT $2";
constexpr std::string_view kRecordFile =
    "INSERT INTO account_purge_files (user_id, blob_key) VALUES ($1, $2) ON CONFLICT DO NOTHING";
constexpr std::string_view kForgetFile = "DELETE FROM account_purge_files WHERE user_id = $1 AND blob_key = $2";

// Rows that need the store's own deletion (it keeps everyone's counters).
constexpr std::string_view kPostsOf = "SELECT id FROM posts WHERE author_id = $1 ORDER BY id LIMIT $2";
constexpr std::string_view kCommentsOf = "SELECT id FROM comments WHERE author_id = $1 ORDER BY id LIMIT $2";
// Everyone's comments on their posts (before the posts: see kUnderTheirPosts).
// No order: none is needed (each step asks again), and no index gives one
// across all their posts, so an ORDER BY would read every remaining comment
// on every step.
constexpr std::string_view kCommentsUnderTheirPosts =
    "SELECT cm.id FROM comments cm WHERE cm.post_id IN (SELECT p.id FROM posts p WHERE p.author_id = $1) LIMIT $2";
constexpr std::string_view kLikesOf = "SELECT post_id FROM likes WHERE user_id = $1 ORDER BY post_id LIMIT $2";
constexpr std::string_view kSavesOf = "SELECT post_id FROM saves WHERE user_id = $1 ORDER BY post_id LIMIT $2";
constexpr std::string_view kFollowing =
    "SELECT followee_id FROM follows WHERE follower_id = $1 ORDER BY followee_id LIMIT $2";
constexpr std::string_view kFollowers =
    "SELECT follower_id FROM follows WHERE followee_id = $1 ORDER BY follower_id LIMIT $2";
constexpr std::string_view kAvatarOf = "SELECT avatar_key FROM users WHERE id = $1 AND avatar_key IS NOT NULL";

// Before anything else, what would go on adding to the account or keep a copy
// of it: an import still running stops (its job's next unit finds its lease
// gone and rolls back, so no post lands after the purge deleted the others;
// the import worker then deletes the archive), an export not yet built is
// dropped, and a ready one expires now (the export job deletes the archive:
// a ZIP of everything the person had).
constexpr std::array<std::string_view, 4> kStopCopies = {
    // Queued deliveries of their posts (FeedFanOutQueue) would go on writing
    // the feed rows kUnderTheirPosts deletes.
    "DELETE FROM feed_fanouts WHERE author_id = $1 AND CAST($2 AS BIGINT) > 0",
    "UPDATE imports SET status = 'failed', error_reason = 'account_deleted', "
    "error_message = 'The account was deleted', claimed_by = NULL, claimed_until = 0, updated_at = $2, "
    "finished_at = $2 WHERE user_id = $1 AND status IN ('queued', 'running')",
    "UPDATE exports SET status = 'failed', last_error = 'account deleted', claimed_until = NULL, "
    "claim_token = NULL WHERE user_id = $1 AND status = 'pending' AND CAST($2 AS BIGINT) > 0",
    "UPDATE exports SET expires_at = $2 WHERE user_id = $1 AND status = 'ready' AND expires_at > $2",
};

// What hangs off their posts in other people's rows, a batch at a time
// before the posts go: a post's deletion cascades into one feed row per
// follower whose window holds it and into every like and save of it, so a post step
// of an account with thousands of followers or likes would otherwise delete
// millions of rows in one unit, overrun its time bound and fail on every
// retry. The counters these rows feed are the posts' own, which go next.
constexpr std::array<std::string_view, 3> kUnderTheirPosts = {
    "DELETE FROM home_feed WHERE (owner_id, created_at, post_id) IN (SELECT h.owner_id, h.created_at, "
    "h.post_id FROM posts p JOIN home_feed h ON h.post_id = p.id WHERE p.author_id = $1 LIMIT $2)",
    "DELETE FROM likes WHERE (user_id, post_id) IN (SELECT l.user_id, l.post_id FROM posts p "
    "JOIN likes l ON l.post_id = p.id WHERE p.author_id = $1 LIMIT $2)",
    "DELETE FROM saves WHERE (user_id, post_id) IN (SELECT s.user_id, s.post_id FROM posts p "
    "JOIN saves s ON s.post_id = p.id WHERE p.author_id = $1 LIMIT $2)",
};

// Rows nothing counts: deleted a batch at a time.
constexpr std::array<std::string_view, 14> kBatchDeletes = {
    "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE actor_id = $1 LIMIT $2)",
    "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE recipient_id = $1 LIMIT $2)",
    "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id IN "
    "(SELECT blocked_id FROM blocks WHERE blocker_id = $1 LIMIT $2)",
    "DELETE FROM blocks WHERE blocked_id = $1 AND blocker_id IN "
    "(SELECT blocker_id FROM blocks WHERE blocked_id = $1 LIMIT $2)",
    "DELETE FROM mutes WHERE muter_id = $1 AND muted_id IN (SELECT muted_id FROM mutes WHERE muter_id = $1 LIMIT $2)",
    "DELETE FROM mutes WHERE muted_id = $1 AND muter_id IN (SELECT muter_id FROM mutes WHERE muted_id = $1 LIMIT $2)",
    "DELETE FROM restricts WHERE restrictor_id = $1 AND restricted_id IN "
    "(SELECT restricted_id FROM restricts WHERE restrictor_id = $1 LIMIT $2)",
    "DELETE FROM restricts WHERE restricted_id = $1 AND restrictor_id IN "
    "(SELECT restrictor_id FROM restricts WHERE restricted_id = $1 LIMIT $2)",
    "DELETE FROM hidden_words WHERE user_id = $1 AND word IN "
    "(SELECT word FROM hidden_words WHERE user_id = $1 LIMIT $2)",
    // Reports they filed carry their words; reports about them stay for
    // moderation, and the audit log is never touched.
    "DELETE FROM reports WHERE id IN (SELECT id FROM reports WHERE reporter_id = $1 LIMIT $2)",
    // Which of their Instagram items they imported (keys and post ids).
    "DELETE FROM imported_items WHERE user_id = $1 AND item_key IN "
    "(SELECT item_key FROM imported_items WHERE user_id = $1 LIMIT $2)",
    // Every login row (refresh tokens go with them by ON DELETE CASCADE).
    "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE user_id = $1 LIMIT $2)",
    // Their home feed (others' rows of their posts go with the posts).
    "DELETE FROM home_feed WHERE owner_id = $1 AND post_id IN "
    "(SELECT post_id FROM home_feed WHERE owner_id = $1 LIMIT $2)",
    // A suspension of a leaving account means nothing any more (the audit log
    // keeps that it happened).
    "DELETE FROM suspensions WHERE user_id = $1 AND $2 > 0",
};

// The last step: nothing of the person stays in the row. "~" is outside the
// username alphabet and an email needs "@", so no sign-up can collide.
constexpr std::string_view kTombstone =
    "UPDATE users SET username = '~' || CAST(id AS TEXT), email = '~' || CAST(id AS TEXT), password_hash = '', "
    "display_name = '', bio = '', website = '', is_private = 0, last_seen_at = NULL, purged_at = $2, "
    "updated_at = $2 WHERE id = $1";

std::vector<std::int64_t> Ids(db::Connection& c, std::string_view sql, core::UserId user, int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& row : c.Exec(sql, user, static_cast<std::int64_t>(limit)).rows) ids.push_back(row.Int(0));
  return ids;
}

void Record(db::Connection& c, core::UserId user, const std::vector<std::string>& keys, PurgeBatch& batch) {
  for (const auto& key : keys) {
    c.Exec(kRecordFile, user, key);
    batch.released_keys.push_back(key);
  }
}

}  // namespace

bool AccountDeletionStore::Deactivate(db::Connection& c, core::UserId user, core::Millis now,
                                      core::Millis delete_at) const {
  if (c.Exec(kDeactivate, user, now, delete_at).affected == 0) return false;
  c.Exec(kWriteJob, user, delete_at, now);
  return true;
}

AccountStanding AccountDeletionStore::RestoreForLogin(db::Connection& c, core::UserId user, core::Millis now) const {
  const auto row = c.Exec(kStanding, user).first();
  if (!row || !row->IsNull(2)) return AccountStanding::kGone;
  if (row->IsNull(0)) return AccountStanding::kActive;
  if (row->IsNull(1) || row->Int(1) <= now) return AccountStanding::kGone;
  c.Exec(kRestore, user);
  c.Exec(kDeleteJob, user);
  return AccountStanding::kRestored;
}

std::optional<PurgeClaim> AccountDeletionStore::ClaimDue(db::Connection& c, core::Millis now, core::Millis lease_ms,
                                                         const std::string& token) const {
  const auto due = c.Exec(kDueJob, now).first();
  if (!due) return std::nullopt;
  const core::UserId user(due->Int(0));
  const auto claimed = c.Exec(kClaim, user, now + lease_ms, token, now).first();
  if (!claimed) return std::nullopt;
  return PurgeClaim{.user = user, .token = token, .attempts = claimed->Int(0)};
}

PurgeBatch AccountDeletionStore::PurgeStep(db::Connection& c, const PurgeClaim& claim, core::Millis now,
                                           core::Millis lease_ms, int limit) const {
  PurgeBatch batch;
  const auto user = claim.user;
  if (c.Exec(kRenew, user, claim.token, now + lease_ms, now).affected == 0) {
    batch.lost = true;
    return batch;
  }
  // Files an earlier batch released and a crash kept from being confirmed.
  if (auto pending = PendingFiles(c, user, limit); !pending.empty()) {
    batch.released_keys = std::move(pending);
    return batch;
  }
  // Each step does at most `limit` rows and returns; an empty step costs one
  // indexed probe. The order matters three times: imports and exports stop
  // first (kStopCopies), then the feed rows and likes of their posts go
  // (kUnderTheirPosts), then everyone's comments on them (CommentStore::Delete
  // each, a batch at a time), then the posts.
  const std::array<std::function<bool()>, 8> counted_steps = {
      [&] {
        const auto ids = Ids(c, kCommentsUnderTheirPosts, user, limit);
        for (const auto id : ids) CommentStore().Delete(c, core::CommentId(id));
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kPostsOf, user, limit);
        for (const auto id : ids) {
          if (auto keys = PostStore().Delete(c, core::PostId(id))) Record(c, user, *keys, batch);
        }
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kCommentsOf, user, limit);
        for (const auto id : ids) CommentStore().Delete(c, core::CommentId(id));
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kLikesOf, user, limit);
        for (const auto id : ids) LikeStore().Unlike(c, user, core::PostId(id));
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kSavesOf, user, limit);
        for (const auto id : ids) SaveStore().Unsave(c, user, core::PostId(id));
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kFollowing, user, limit);
        for (const auto id : ids) FollowStore().Unfollow(c, user, core::UserId(id));
        return !ids.empty();
      },
      [&] {
        const auto ids = Ids(c, kFollowers, user, limit);
        for (const auto id : ids) FollowStore().Unfollow(c, core::UserId(id), user);
        return !ids.empty();
      },
      [&] {
        if (c.Exec(kAvatarOf, user).empty()) return false;
        Record(c, user, MediaStore().ReplaceAvatar(c, user, std::nullopt, now), batch);
        return true;
      },
  };
  for (const auto sql : kStopCopies) {
    if (c.Exec(sql, user, now).affected > 0) return batch;
  }
  for (const auto sql : kUnderTheirPosts) {
    if (c.Exec(sql, user, static_cast<std::int64_t>(limit)).affected > 0) return batch;
  }
  for (const auto& step : counted_steps) {
    if (step()) return batch;
  }
  for (const auto sql : kBatchDeletes) {
    if (c.Exec(sql, user, static_cast<std::int64_t>(limit)).affected > 0) return batch;
  }
  c.Exec(kTombstone, user, now);
  c.Exec(kDeleteJob, user);
  batch.finished = true;
  return batch;
}

std::vector<std::string> AccountDeletionStore::PendingFiles(db::Connection& c, core::UserId user, int limit) const {
  std::vector<std::string> keys;
  for (const auto& row : c.Exec(kPendingFiles, user, static_cast<std::int64_t>(limit)).rows) {
    keys.push_back(row.Text(0));
  }
  return keys;
}

void AccountDeletionStore::ForgetFiles(db::Connection& c, core::UserId user,
                                       const std::vector<std::string>& keys) const {
  for (const auto& key : keys) c.Exec(kForgetFile, user, key);
}

void AccountDeletionStore::Release(db::Connection& c, const PurgeClaim& claim, core::Millis retry_at,
                                   const std::string& error) const {
  c.Exec(kGiveBack, claim.user, claim.token, retry_at, error);
}

}  // namespace lenslet::store

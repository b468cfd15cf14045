#include "store/feed_fanout_queue.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <string_view>

namespace lenslet::store {
namespace {

std::atomic<std::int64_t> inline_followers{FeedFanOutQueue::kDefaultInlineFollowers};

constexpr std::string_view kEnqueue =
    "INSERT INTO feed_fanouts (post_id, author_id, created_at) VALUES ($1, $2, $3)";

// The queued posts with the fewest batches delivered, oldest first (a new
// post goes before the rest of a long delivery), and the queue's length: a
// caller that finds the first one held by another instance tries the next.
constexpr std::string_view kNext =
    "SELECT post_id, (SELECT count(*) FROM feed_fanouts) FROM feed_fanouts ORDER BY turn, post_id LIMIT 8";

// PostgreSQL: the post first, then its queue row (feed_fanout_queue.hpp says
// why). Neither is waited for: a post being deleted is skipped (its deletion
// takes the queue row with it, or, rolled back, leaves it for the next look),
// and so is a queue row another instance holds.
constexpr std::string_view kHoldPost = "SELECT 1 FROM posts WHERE id = $1 FOR KEY SHARE SKIP LOCKED";
constexpr std::string_view kTakePostgres =
    "SELECT author_id, created_at, after_followed_at, after_follower FROM feed_fanouts WHERE post_id = $1 "
    "FOR UPDATE SKIP LOCKED";
// SQLite: the unit holds the only write lock there is.
constexpr std::string_view kTakeSqlite =
    "SELECT author_id, created_at, after_followed_at, after_follower FROM feed_fanouts WHERE post_id = $1";

// The follows after the walk's position ($2, $3), in follows_followee's
// order: accepted ones of followee $1.
#define LENSLET_FOLLOWERS_AFTER(at, id)                                                      \
  "f.followee_id = $1 AND f.accepted = 1 AND f.created_at >= " at " AND (f.created_at > " at \
  " OR f.follower_id > " id ")"

// The batch's last follow: $4 = the batch's size - 1. None: the batch is the
// post's last.
constexpr std::string_view kBatchEnd =
    "SELECT f.created_at, f.follower_id FROM follows f WHERE " LENSLET_FOLLOWERS_AFTER("$2", "$3") " "
    "ORDER BY f.created_at, f.follower_id LIMIT 1 OFFSET $4";

// What HomeFeedStore::FanOut writes, for the followers after ($4, $5) up to
// and including ($6, $7): $1 the author, $2 the post, $3 its created_at.
constexpr std::string_view kDeliver =
    "INSERT INTO home_feed (owner_id, created_at, post_id, author_id) "
    "SELECT f.follower_id, CAST($3 AS BIGINT), CAST($2 AS BIGINT), CAST($1 AS BIGINT) FROM follows f "
    "JOIN users o ON o.id = f.follower_id WHERE " LENSLET_FOLLOWERS_AFTER("$4", "$5") " "
    "AND (f.created_at < $6 OR (f.created_at = $6 AND f.follower_id <= $7)) AND o.feed_since <= $3 "
    "ON CONFLICT DO NOTHING";

#undef LENSLET_FOLLOWERS_AFTER

constexpr std::string_view kAdvance =
    "UPDATE feed_fanouts SET after_followed_at = $2, after_follower = $3, turn = turn + 1 WHERE post_id = $1";
constexpr std::string_view kDone = "DELETE FROM feed_fanouts WHERE post_id = $1";
constexpr std::string_view kPending = "SELECT count(*) FROM feed_fanouts";

constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max();

}  // namespace

std::int64_t FeedFanOutQueue::InlineFollowers() { return inline_followers.load(std::memory_order_relaxed); }

void FeedFanOutQueue::SetInlineFollowers(std::int64_t followers) {
  inline_followers.store(std::max<std::int64_t>(followers, 0), std::memory_order_relaxed);
}

void FeedFanOutQueue::Enqueue(db::Connection& c, core::PostId post, core::UserId author,
                              core::Millis created_at) const {
  c.Exec(kEnqueue, post, author, created_at);
}

FeedFanOutQueue::Batch FeedFanOutQueue::DeliverBatch(db::Connection& c, std::int64_t followers) const {
  followers = std::max<std::int64_t>(followers, 1);
  const bool pg = c.dialect() == db::Dialect::kPostgres;
  const auto candidates = c.Exec(kNext);
  const std::int64_t pending = candidates.empty() ? 0 : candidates.rows.front().Int(1);
  for (const auto& candidate : candidates.rows) {
    const core::PostId post(candidate.Int(0));
    // Deleted, or being deleted: its queue row goes with it.
    if (pg && c.Exec(kHoldPost, post).empty()) continue;
    const auto taken = c.Exec(pg ? kTakePostgres : kTakeSqlite, post).first();
    if (!taken) continue;
    const core::UserId author(taken->Int(0));
    const core::Millis created_at = taken->Int(1);
    const std::int64_t after_at = taken->Int(2);
    const std::int64_t after_id = taken->Int(3);

    Batch batch{.found = true, .post = post, .pending = pending};
    const auto end = c.Exec(kBatchEnd, author, after_at, after_id, followers - 1).first();
    const std::int64_t upto_at = end ? end->Int(0) : kEnd;
    const std::int64_t upto_id = end ? end->Int(1) : kEnd;
    batch.rows = c.Exec(kDeliver, author, post, created_at, after_at, after_id, upto_at, upto_id).affected;
    if (end) {
      c.Exec(kAdvance, post, upto_at, upto_id);
    } else {
      c.Exec(kDone, post);
      batch.done = true;
    }
    return batch;
  }
  return {.pending = pending};
}

std::int64_t FeedFanOutQueue::Pending(db::Connection& c) const { return c.Exec(kPending).one().Int(0); }

}  // namespace lenslet::store

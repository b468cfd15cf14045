#pragma once
// Posts whose fan-out into the home feeds runs in the background (migration
// 0029, feed_fanouts), a batch of followers per unit.
//
// Why: a post fans out in its own unit to every follower (HomeFeedStore::
// FanOut), one home_feed row each. That is a few ms for most accounts, but
// it grows with the following: 54 ms on PostgreSQL for a popular account of
// the 10,000-person capacity network, the worst statement of its stalls; and
// an account with a million followers would write a million rows in one
// unit, past its time bound: it could never post. So above
// InlineFollowers() followers the post's unit writes only the author's own
// row and puts the post in this queue; app/feed_fanout_worker.hpp delivers
// the rows in batches. The followers see the post a moment later instead of
// at once.
//
// Why it stays exact: the rows a batch writes are the ones FanOut would have
// written (each accepted follower whose window reaches back to the post),
// and rows are candidates, never permissions (the page checks each author
// again). A follower the walk has passed who follows again, or whose request
// is accepted, gets the post from the follow's own copy
// (HomeFeedStore::CopyFollowed reads the followee's posts, this one
// included). A trim only drops rows below a window. Deleting the post
// deletes its queue row (the foreign key cascades).
//
// Locks on PostgreSQL: a batch takes the post's row (FOR KEY SHARE) before
// its queue row, the order PostStore::Delete takes them in (the post, then
// the cascade to the queue row), so a batch and a deletion never wait for
// each other in a cycle; and it waits for neither: a post being deleted and
// a queue row another instance holds are skipped. A batch reads windows
// without locking the owners, so a trim (or an unfollow) that commits while
// it runs may leave one of its rows below a window (or of an account no
// longer followed): never shown, never counted by a trim's Overfull, deleted
// by the next trim of that feed.
//
// The account purge drops its posts' queue rows first
// (AccountDeletionStore), so deliveries stop adding to the rows it deletes.
#include <cstdint>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class FeedFanOutQueue {
 public:
  // Followers a post's own unit delivers to (--feed-fanout-inline); above
  // this the post is queued. Process-wide: set once at start (and by tests).
  static constexpr std::int64_t kDefaultInlineFollowers = 250;
  static std::int64_t InlineFollowers();
  static void SetInlineFollowers(std::int64_t followers);

  // Inside the post's unit: its delivery to the author's followers is
  // queued. One statement.
  void Enqueue(db::Connection& c, core::PostId post, core::UserId author, core::Millis created_at) const;

  struct Batch {
    bool found = false;  // a queued post was there to work on
    core::PostId post{0};
    std::int64_t rows = 0;     // home feed rows written (followers whose window is above the post get none)
    bool done = false;         // the post is fully delivered; its queue row is gone
    std::int64_t pending = 0;  // posts queued when the batch began (this one included)
  };
  // One batch of the queued post with the fewest batches so far (the oldest
  // of those) this caller can take: the home feed rows of its next
  // `followers` accepted followers, and the walk's new position (or the
  // queue row deleted after the last). Taking turns, a post to a million
  // followers does not hold up the posts queued after it. Call it in a write
  // unit of its own; nothing found when the queue is empty, or its rows are
  // held by other instances or their posts are being deleted.
  Batch DeliverBatch(db::Connection& c, std::int64_t followers) const;

  // Posts still queued (metrics, tests).
  std::int64_t Pending(db::Connection& c) const;
};

}  // namespace lenslet::store

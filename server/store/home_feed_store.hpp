#pragma once
// The home feed, materialised: per owner, the posts of the accounts they
// follow (accepted) and their own (migration 0026, home_feed). Written as
// posts and follows are (fan-out on write), so a page is one range of one
// owner's rows instead of one index descent per account followed
// (FeedStore::HomePosts reads it).
//
// A row is a candidate, never a permission: the page checks the follow, the
// mutes and the hidden accounts again, so rows an unfollow, a block or a race
// leaves behind show nothing and need no cleanup for correctness.
//
// users.feed_since is the feed's window: every post its owner should see
// that was created at or after it has a row. Posts below it — an account
// followed with more posts than a follow copies, an import's old dates — are
// read by fan-out on read, as before. Each write below runs after the unit
// has written the users rows it depends on (post_count, the follow counters):
// on PostgreSQL a post and a follow of its author then take the author's row
// in turn, and whichever comes second reads the other's committed rows.
#include <cstdint>
#include <span>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class HomeFeedStore {
 public:
  // A follow copies at most this many of the followee's posts (a few ms);
  // the follower's window then closes above the rest.
  static constexpr std::int64_t kFollowCopies = 200;

  // A new post, into its author's feed and every accepted follower's whose
  // window reaches back to it: in this unit for up to
  // FeedFanOutQueue::InlineFollowers() followers, else queued there for the
  // background (the author's own row is written here either way).
  // `followers`: the author's follower_count, as the unit's write of the
  // author's row read it (a follow in progress waits for this unit).
  void FanOut(db::Connection& c, core::PostId post, core::UserId author, core::Millis created_at,
              std::int64_t followers) const;

  // A follow just accepted: the followee's newest posts within the
  // follower's window, at most kFollowCopies; when more remain, the window
  // rises above them. Two statements.
  void CopyFollowed(db::Connection& c, core::UserId follower, core::UserId followee) const;
  // CopyFollowed for every one of `followers` at once (an account going
  // public accepts all its requests): two statements however many, and at
  // most kCopiesAtOnce rows in all. Each follower gets CopiesEach of the
  // followee's newest posts (kFollowCopies while there are at most 250), and
  // its window closes above the rest, as after a follow.
  void CopyFollowedBy(db::Connection& c, core::UserId followee,
                      std::span<const core::UserId> followers) const;
  // 3,000 followers × 200 posts were 600,000 rows, over a unit's time bound
  // on PostgreSQL (about 11 µs a row with the post's foreign key check).
  static constexpr std::int64_t kCopiesAtOnce = 50'000;
  static std::int64_t CopiesEach(std::size_t followers);

  // A follow ended (an unfollow, a block): the followee's rows leave the
  // follower's feed, so pages stop scanning past them. Pages never show
  // them anyway; a row a race leaves behind shows nothing either.
  void Forget(db::Connection& c, core::UserId follower, core::UserId followee) const;

  // The feeds of owners first..last from the follows and posts there are
  // (the seed, after its bulk inserts, a range of owners per unit). Rows
  // already there stay.
  void Fill(db::Connection& c, core::UserId first, core::UserId last) const;
};

}  // namespace lenslet::store

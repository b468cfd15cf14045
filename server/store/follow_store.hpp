#pragma once
// Follows and follow requests (one row per pair in `follows`, accepted or
// pending). Every change also updates users.follower_count/following_count in
// the caller's unit, so the counters are exact whenever the unit commits.
// Blocks and notifications are separate stores; the api/ actions combine them.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/quiet_flags.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

enum class FollowState {
  kNone,
  kRequested,  // pending: the followee's account is private and has not accepted yet
  kFollowing,  // accepted
};

// Keyset position in a user list: newest first by (since, user id).
struct UserListPosition {
  core::Millis since = 0;
  core::UserId user;
};

// A user in a followers / following / requests list, with how the viewer
// relates to them (followedByMe / requestedByMe, mutedByMe / restrictedByMe),
// read by the same statement.
struct ListedUser {
  PublicUserRow user;
  FollowState viewer_state = FollowState::kNone;
  QuietFlags viewer_quiet;
  UserListPosition position;
};

struct FollowChange {
  FollowState before = FollowState::kNone;
  FollowState after = FollowState::kNone;
  // The followee's counters after the change, when it moved them (read by
  // the counter's own UPDATE, so the answer needs no second read).
  std::optional<FollowCounts> followee_counts;
  bool changed() const { return before != after; }
};

class FollowStore {
 public:
  FollowState StateOf(db::Connection& c, core::UserId follower, core::UserId followee) const;

  // Follows (or, when `needs_approval`, asks to follow) unless a row already
  // exists, which is then left as it is (idempotent). Nothing is inserted
  // (`before` and `after` kNone) when a block between the two committed after
  // the caller's read (PostgreSQL, migration 0025).
  FollowChange Follow(db::Connection& c, core::UserId follower, core::UserId followee, bool needs_approval,
                      core::Millis now) const;
  // A person's follow: Follow, asking when the caller read the account as
  // private. On PostgreSQL a request then reads is_private again with both
  // users' rows locked: an account that went public meanwhile is followed
  // (`after` kFollowing), since its AcceptAll could not see the request and
  // nobody is left to accept it.
  FollowChange FollowAsRead(db::Connection& c, core::UserId follower, core::UserId followee,
                            bool read_private, core::Millis now) const;
  // Unfollows or cancels the request; `after` is always kNone.
  FollowChange Unfollow(db::Connection& c, core::UserId follower, core::UserId followee) const;
  // A pending request becomes a follow. False when there is no such request.
  bool Accept(db::Connection& c, core::UserId follower, core::UserId followee, core::Millis now) const;
  // Deletes a pending request. False when there is no such request.
  bool Decline(db::Connection& c, core::UserId follower, core::UserId followee) const;
  // Before an account goes public (its profile UPDATE, then AcceptAll): locks
  // its users row and its requesters' in ascending id order, the order every
  // follow takes two users' rows in. Without it the UPDATE held the account's
  // row while AcceptAll took lower requesters' after it, and a follow by the
  // account of one of them (that row, then the account's) deadlocked with it.
  // Left open: a request that commits while this waits for the account's row
  // is not among the rows locked, and AcceptAll locks its sender's after the
  // account's (a deadlock needs a third unit holding that row then).
  void LockForAcceptAll(db::Connection& c, core::UserId followee) const;
  // Accepts every pending request to `followee` (the account went public):
  // the counters and the followers' home feeds too, in five statements
  // however many requests there are. Returns the followers it accepted.
  std::vector<core::UserId> AcceptAll(db::Connection& c, core::UserId followee, core::Millis now) const;

  // One statement each, whatever `limit` is. `viewer` is 0 for an anonymous
  // caller; users blocked either way with the viewer are left out.
  std::vector<ListedUser> Followers(db::Connection& c, core::UserId user, core::UserId viewer,
                                    const std::optional<UserListPosition>& after, int limit) const;
  std::vector<ListedUser> Following(db::Connection& c, core::UserId user, core::UserId viewer,
                                    const std::optional<UserListPosition>& after, int limit) const;
  // Pending requests to `user`, seen by `user` themselves.
  std::vector<ListedUser> Requests(db::Connection& c, core::UserId user,
                                   const std::optional<UserListPosition>& after, int limit) const;
};

}  // namespace lenslet::store

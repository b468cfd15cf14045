#pragma once
// The quiet tools a person uses on others without telling them (issue 13.5,
// API.md "Safety and moderation"): mutes, restricts and hidden words. What
// each one hides is decided by api/users/visibility.hpp and applied by the
// stores that list things (feed, notifications, comments) in their own
// statements; this store only keeps the three lists.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/quiet_flags.hpp"

namespace lenslet::store {

// The viewer's whole relation to one user, read by one statement.
struct ViewerRelation {
  FollowState follow = FollowState::kNone;
  QuietFlags quiet;
};

// Follow state and quiet flags of `viewer` towards `user` in one statement.
ViewerRelation RelationOf(db::Connection& c, core::UserId viewer, core::UserId user);

// Both mutes and restricts are one row per pair; Add and Remove are
// idempotent and say whether they changed anything.
class MuteStore {
 public:
  bool Mute(db::Connection& c, core::UserId muter, core::UserId muted, core::Millis now) const;
  bool Unmute(db::Connection& c, core::UserId muter, core::UserId muted) const;
  bool IsMuted(db::Connection& c, core::UserId muter, core::UserId muted) const;
  // The users `muter` muted, newest mute first, leaving out users blocked
  // either way. One statement whatever `limit` is.
  std::vector<ListedUser> Muted(db::Connection& c, core::UserId muter, const std::optional<UserListPosition>& after,
                                int limit) const;
};

class RestrictStore {
 public:
  bool Restrict(db::Connection& c, core::UserId restrictor, core::UserId restricted, core::Millis now) const;
  bool Unrestrict(db::Connection& c, core::UserId restrictor, core::UserId restricted) const;
  bool IsRestricted(db::Connection& c, core::UserId restrictor, core::UserId restricted) const;
  // As MuteStore::Muted.
  std::vector<ListedUser> Restricted(db::Connection& c, core::UserId restrictor,
                                     const std::optional<UserListPosition>& after, int limit) const;
};

class HiddenWordStore {
 public:
  // The user's words in alphabetical (byte) order; one statement.
  std::vector<std::string> List(db::Connection& c, core::UserId user) const;
  // Replaces the user's whole list with `words` (already normalised and
  // deduplicated by api/users/hidden_words.hpp) inside the caller's unit: two
  // statements whatever the list's size.
  void Replace(db::Connection& c, core::UserId user, const std::vector<std::string>& words) const;
};

}  // namespace lenslet::store

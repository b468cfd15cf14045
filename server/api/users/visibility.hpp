#pragma once
// Who may see whom (API.md "Privacy"), as plain rules plus the one loader every
// action about a user goes through. The posts actions reuse both:
//
//   const auto owner = users::LoadProfile(c, viewer, username);   // 404 unknown / blocked either way
//   if (!owner.can_see_content) core::ThrowNotFound();            // private, and not an approved follower
//
// Blocked either way → the two users do not exist for each other (404), and
// lists leave them out (store/follow_store.cpp filters by the viewer).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/views/user_view.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/seen_user.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

// Whether `viewer` (nullopt: anonymous) may see the content of `owner`'s
// account: posts, followers, following. Public accounts: anyone. Private
// ones: the owner and approved followers (a pending request is not enough).
// Blocks are decided before this (they hide the whole account).
bool CanSeeContent(std::optional<core::UserId> viewer, const store::PublicUserRow& owner,
                   bool viewer_follows_owner);

// Suspended accounts (issue 13.3) exist only for moderators and admins: true
// when `owner` is suspended and `viewer` is neither. Lists leave the
// suspended out for everyone in their queries (store/suspension_store.hpp
// LENSLET_NOT_SUSPENDED); this rule serves single objects. One primary-key
// probe, plus the viewer's role only when the owner is suspended.
// Accounts their owner asked to delete (issue 14.6) exist for nobody, staff
// included, from the moment of asking: the same probe, the same rule.
bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner);
// The same rule with the probe already read (store::SeenBy::hidden): a
// statement only when the owner is suspended and the viewer must be staff.
bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner,
                        std::optional<store::HiddenAs> hidden);

// followedByMe / requestedByMe from the viewer's follow state.
views::Relationship RelationshipOf(store::FollowState state);
// The same plus mutedByMe / restrictedByMe, which only a signed-in viewer
// looking at someone else gets (anonymous viewers and the user themselves
// have nothing to mute).
views::Relationship RelationshipOf(std::optional<core::UserId> viewer, core::UserId shown,
                                   store::FollowState state, store::QuietFlags quiet);
// The relationship of a listed user (followers, following, requests, the
// caller's muted and restricted lists) as `viewer` sees them.
views::Relationship RelationshipOf(std::optional<core::UserId> viewer, const store::ListedUser& listed);

// A user as the viewer sees them.
struct Profile {
  store::PublicUserRow user;  // never the email or password hash
  store::FollowState viewer_state = store::FollowState::kNone;
  // The viewer's mute and restrict of the user; nullopt for an anonymous
  // viewer and for the user themselves.
  std::optional<store::QuietFlags> viewer_quiet;
  bool can_see_content = false;

  views::Relationship relationship() const {
    auto relationship = RelationshipOf(viewer_state);
    relationship.quiet = viewer_quiet;
    return relationship;
  }
};

// Loads the user named `username` (any case) for `viewer`, inside the
// caller's unit: one statement (store/seen_user.hpp reads the user with the
// suspension, blocks, the follow state and the quiet flags), and the viewer's
// role only when the user is suspended. Throws Error(kNotFound) when there is
// no such user, either blocked the other, or the user is hidden from the
// viewer (suspended and the viewer not staff; deactivated).
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username);
// The same for a user known by id.
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user);
// LoadProfile by name as the handlers run it, blocking (call it on the
// database pool): its one statement outside any transaction on PostgreSQL
// (db/statement_unit.hpp), or its unit when the user is hidden (then the
// viewer's role decides).
Profile LoadProfileNow(db::Database& db, std::optional<core::UserId> viewer, std::string_view username);
// The same decision on a user a caller's own statement already read with
// store/seen_user.hpp's columns (a post's author: posts/detail/post_access).
Profile ProfileOf(db::Connection& c, std::optional<core::UserId> viewer, store::SeenUser seen);

// ---- The quiet tools (API.md "Safety and moderation": Mute, Restrict, Hidden
// words). Nobody is ever told about them; each hides things from one person.
//
// Mute: the muted account's posts leave the muter's home feed and its activity
// leaves the muter's notifications — the list, the live notification:new and
// the unread count — while the mute lasts. Applied inside the statements that
// list them (store/feed_store.cpp kHome, store/notification_store.cpp kList and
// kUnreadCount), like blocks, so pages stay one statement. Everything else
// (profiles, follows, explore, comments) is unchanged.
//
// Restrict: a comment written on A's post while A restricts its author B is a
// restricted comment, for good: only B and A see it (the comment list's
// statement applies this, store/comment_store.cpp), it is not in the
// commentCount everyone sees, and it notifies nobody — neither A nor the
// users it mentions, who could not read it.
//
// Hidden words: a comment on A's post that contains one of A's hidden words
// (api/users/hidden_words.hpp says how entries match) is hidden from A only —
// its author and everyone else still see it — and does not notify A. Checked
// against A's list as it is when the comments are read, so editing the list
// changes what A sees at once.

// Whether a comment `commenter` writes now on a post of `post_author` is a
// restricted comment. One primary-key probe; never for one's own posts.
bool IsRestrictedComment(db::Connection& c, core::UserId post_author, core::UserId commenter);
// The same rule with the restrict (post_author → commenter) already read.
bool IsRestrictedComment(core::UserId post_author, core::UserId commenter, bool author_restricts_commenter);

// What a viewer of a post's comments must not see beyond what the comment
// list's statement already leaves out (blocks, restricted comments).
class CommentFilter {
 public:
  CommentFilter() = default;
  // Reads the post author's hidden words, only when the viewer is the post's
  // author (one statement then; none otherwise).
  static CommentFilter For(db::Connection& c, std::optional<core::UserId> viewer, core::UserId post_author);

  // Whether `author` wrote `text` in a way the viewer must not see. A viewer
  // always sees their own comments.
  bool Hides(core::UserId author, std::string_view text) const;
  // Whether anything can be hidden at all (a page needs no second look if not).
  bool empty() const { return hidden_words_.empty(); }

 private:
  std::optional<core::UserId> viewer_;
  std::vector<std::string> hidden_words_;
};

}  // namespace lenslet::api::users

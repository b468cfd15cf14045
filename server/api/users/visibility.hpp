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
#include <string_view>

#include "api/views/user_view.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/follow_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::users {

// Whether `viewer` (nullopt: anonymous) may see the content of `owner`'s
// account: posts, followers, following. Public accounts: anyone. Private
// ones: the owner and approved followers (a pending request is not enough).
// Blocks are decided before this (they hide the whole account).
bool CanSeeContent(std::optional<core::UserId> viewer, const store::PublicUserRow& owner,
                   bool viewer_follows_owner);

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
// caller's unit (at most three statements: the user, blocks, and the follow
// state with the quiet flags). Throws Error(kNotFound) when there
// is no such user or either blocked the other.
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username);
// The same for a user known by id.
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user);

}  // namespace lenslet::api::users

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

// Suspended accounts (issue 13.3) exist only for moderators and admins: true
// when `owner` is suspended and `viewer` is neither. Lists leave the
// suspended out for everyone in their queries (store/suspension_store.hpp
// LENSLET_NOT_SUSPENDED); this rule serves single objects. One primary-key
// probe, plus the viewer's role only when the owner is suspended.
bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner);

// followedByMe / requestedByMe from the viewer's follow state.
views::Relationship RelationshipOf(store::FollowState state);

// A user as the viewer sees them.
struct Profile {
  store::PublicUserRow user;  // never the email or password hash
  store::FollowState viewer_state = store::FollowState::kNone;
  bool can_see_content = false;

  views::Relationship relationship() const { return RelationshipOf(viewer_state); }
};

// Loads the user named `username` (any case) for `viewer`, inside the
// caller's unit (at most four statements). Throws Error(kNotFound) when there
// is no such user, either blocked the other, or the user is suspended and the
// viewer is not staff.
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username);
// The same for a user known by id.
Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user);

}  // namespace lenslet::api::users

#include "api/users/visibility.hpp"

#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::api::users {
namespace {

Profile Complete(db::Connection& c, std::optional<core::UserId> viewer, std::optional<store::PublicUserRow> user) {
  if (!user) core::ThrowNotFound("No such user");
  Profile profile{.user = std::move(*user)};
  if (HiddenBySuspension(c, viewer, profile.user.id)) core::ThrowNotFound("No such user");
  if (viewer && *viewer != profile.user.id) {
    // WARNING: 404, not 403: a blocked user must not learn that the account exists.
    if (store::BlockStore().EitherBlocks(c, *viewer, profile.user.id)) core::ThrowNotFound("No such user");
    profile.viewer_state = store::FollowStore().StateOf(c, *viewer, profile.user.id);
  }
  profile.can_see_content =
      CanSeeContent(viewer, profile.user, profile.viewer_state == store::FollowState::kFollowing);
  return profile;
}

}  // namespace

bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner) {
  if (viewer == owner) return false;
  if (!store::SuspensionStore().IsSuspended(c, owner)) return false;
  if (!viewer) return true;
  const auto role = store::RoleStore().Find(c, *viewer);
  return !role || !store::IsStaff(*role);
}

bool CanSeeContent(std::optional<core::UserId> viewer, const store::PublicUserRow& owner,
                   bool viewer_follows_owner) {
  if (!owner.is_private) return true;
  if (viewer && *viewer == owner.id) return true;
  return viewer.has_value() && viewer_follows_owner;
}

views::Relationship RelationshipOf(store::FollowState state) {
  return {.followed_by_me = state == store::FollowState::kFollowing,
          .requested_by_me = state == store::FollowState::kRequested};
}

Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username) {
  return Complete(c, viewer, store::UserDirectoryStore().FindByUsername(c, username));
}

Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user) {
  return Complete(c, viewer, store::UserDirectoryStore().FindById(c, user));
}

}  // namespace lenslet::api::users

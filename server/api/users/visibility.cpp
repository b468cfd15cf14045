#include "api/users/visibility.hpp"

#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/quiet_store.hpp"

namespace lenslet::api::users {
namespace {

Profile Complete(db::Connection& c, std::optional<core::UserId> viewer, std::optional<store::PublicUserRow> user) {
  if (!user) core::ThrowNotFound("No such user");
  Profile profile{.user = std::move(*user)};
  if (viewer && *viewer != profile.user.id) {
    // WARNING: 404, not 403: a blocked user must not learn that the account exists.
    if (store::BlockStore().EitherBlocks(c, *viewer, profile.user.id)) core::ThrowNotFound("No such user");
    const auto relation = store::RelationOf(c, *viewer, profile.user.id);
    profile.viewer_state = relation.follow;
    profile.viewer_quiet = relation.quiet;
  }
  profile.can_see_content =
      CanSeeContent(viewer, profile.user, profile.viewer_state == store::FollowState::kFollowing);
  return profile;
}

}  // namespace

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

views::Relationship RelationshipOf(std::optional<core::UserId> viewer, core::UserId shown,
                                   store::FollowState state, store::QuietFlags quiet) {
  auto relationship = RelationshipOf(state);
  if (viewer && *viewer != shown) relationship.quiet = quiet;
  return relationship;
}

views::Relationship RelationshipOf(std::optional<core::UserId> viewer, const store::ListedUser& listed) {
  return RelationshipOf(viewer, listed.user.id, listed.viewer_state, listed.viewer_quiet);
}

Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, std::string_view username) {
  return Complete(c, viewer, store::UserDirectoryStore().FindByUsername(c, username));
}

Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user) {
  return Complete(c, viewer, store::UserDirectoryStore().FindById(c, user));
}

}  // namespace lenslet::api::users

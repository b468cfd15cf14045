#include "api/users/visibility.hpp"

#include "api/users/hidden_words.hpp"
#include "core/error.hpp"
#include "store/block_store.hpp"
#include "store/quiet_store.hpp"
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
    const auto relation = store::RelationOf(c, *viewer, profile.user.id);
    profile.viewer_state = relation.follow;
    profile.viewer_quiet = relation.quiet;
  }
  profile.can_see_content =
      CanSeeContent(viewer, profile.user, profile.viewer_state == store::FollowState::kFollowing);
  return profile;
}

}  // namespace

bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner) {
  if (viewer == owner) return false;
  const auto hidden = store::SuspensionStore().Hidden(c, owner);
  if (!hidden) return false;
  // An account its owner asked to delete is gone for everyone, staff included.
  if (!viewer || *hidden == store::HiddenAs::kDeactivated) return true;
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

bool IsRestrictedComment(db::Connection& c, core::UserId post_author, core::UserId commenter) {
  if (post_author == commenter) return false;
  return store::RestrictStore().IsRestricted(c, post_author, commenter);
}

CommentFilter CommentFilter::For(db::Connection& c, std::optional<core::UserId> viewer,
                                 core::UserId post_author) {
  CommentFilter filter;
  if (!viewer || *viewer != post_author) return filter;
  filter.viewer_ = viewer;
  filter.hidden_words_ = store::HiddenWordStore().List(c, post_author);
  return filter;
}

bool CommentFilter::Hides(core::UserId author, std::string_view text) const {
  if (hidden_words_.empty() || author == viewer_) return false;
  return ContainsHiddenWord(text, hidden_words_);
}

}  // namespace lenslet::api::users

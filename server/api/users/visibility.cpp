#include "api/users/visibility.hpp"

#include "api/users/hidden_words.hpp"
#include "core/error.hpp"
#include "db/statement_unit.hpp"
#include "store/quiet_store.hpp"
#include "store/role_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::api::users {

bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner) {
  if (viewer == owner) return false;
  return HiddenBySuspension(c, viewer, owner, store::SuspensionStore().Hidden(c, owner));
}

bool HiddenBySuspension(db::Connection& c, std::optional<core::UserId> viewer, core::UserId owner,
                        std::optional<store::HiddenAs> hidden) {
  if (viewer == owner || !hidden) return false;
  // An account its owner asked to delete is gone for everyone, staff included.
  if (!viewer || *hidden == store::HiddenAs::kDeactivated) return true;
  const auto role = store::RoleStore().Find(c, *viewer);
  return !role || !store::IsStaff(*role);
}

Profile ProfileOf(db::Connection& c, std::optional<core::UserId> viewer, store::SeenUser seen) {
  Profile profile{.user = std::move(seen.user)};
  if (HiddenBySuspension(c, viewer, profile.user.id, seen.seen.hidden)) core::ThrowNotFound("No such user");
  if (viewer && *viewer != profile.user.id) {
    // WARNING: 404, not 403: a blocked user must not learn that the account exists.
    if (seen.seen.blocked) core::ThrowNotFound("No such user");
    profile.viewer_state = seen.seen.follow;
    profile.viewer_quiet = seen.seen.quiet;
  }
  profile.can_see_content =
      CanSeeContent(viewer, profile.user, profile.viewer_state == store::FollowState::kFollowing);
  return profile;
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
  auto seen = store::SeenUserStore().FindByUsername(c, username, viewer.value_or(core::UserId()));
  if (!seen) core::ThrowNotFound("No such user");
  return ProfileOf(c, viewer, std::move(*seen));
}

Profile LoadProfileNow(db::Database& db, std::optional<core::UserId> viewer, std::string_view username) {
  return db::ReadStatementOrUnitNow(
      db,
      [&](db::Connection& c) -> std::optional<Profile> {
        auto seen = store::SeenUserStore().FindByUsername(c, username, viewer.value_or(core::UserId()));
        if (!seen) core::ThrowNotFound("No such user");
        if (seen->seen.hidden && viewer != seen->user.id) return std::nullopt;  // the role decides
        return ProfileOf(c, viewer, std::move(*seen));  // runs no statement
      },
      [&](db::Connection& c) { return LoadProfile(c, viewer, username); });
}

Profile LoadProfile(db::Connection& c, std::optional<core::UserId> viewer, core::UserId user) {
  auto seen = store::SeenUserStore().FindById(c, user, viewer.value_or(core::UserId()));
  if (!seen) core::ThrowNotFound("No such user");
  return ProfileOf(c, viewer, std::move(*seen));
}

bool IsRestrictedComment(db::Connection& c, core::UserId post_author, core::UserId commenter) {
  if (post_author == commenter) return false;
  return store::RestrictStore().IsRestricted(c, post_author, commenter);
}

bool IsRestrictedComment(core::UserId post_author, core::UserId commenter, bool author_restricts_commenter) {
  return post_author != commenter && author_restricts_commenter;
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

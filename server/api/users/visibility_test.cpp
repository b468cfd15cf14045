#include "api/users/visibility.hpp"

#include <gtest/gtest.h>

namespace lenslet::api::users {
namespace {

store::UserRow Account(std::int64_t id, bool is_private) {
  store::UserRow row;
  row.id = core::UserId(id);
  row.is_private = is_private;
  return row;
}

TEST(VisibilityTest, PublicAccountsAreSeenByEveryone) {
  const auto owner = Account(1, false);
  EXPECT_TRUE(CanSeeContent(std::nullopt, owner, false));
  EXPECT_TRUE(CanSeeContent(core::UserId(2), owner, false));
  EXPECT_TRUE(CanSeeContent(core::UserId(1), owner, false));
}

TEST(VisibilityTest, PrivateAccountsAreSeenByTheOwnerAndApprovedFollowersOnly) {
  const auto owner = Account(1, true);
  EXPECT_FALSE(CanSeeContent(std::nullopt, owner, false));
  // An anonymous caller cannot follow anyone, whatever the flag says.
  EXPECT_FALSE(CanSeeContent(std::nullopt, owner, true));
  EXPECT_FALSE(CanSeeContent(core::UserId(2), owner, false));
  EXPECT_TRUE(CanSeeContent(core::UserId(2), owner, true));
  EXPECT_TRUE(CanSeeContent(core::UserId(1), owner, false));
}

TEST(VisibilityTest, RelationshipOfFollowState) {
  EXPECT_FALSE(RelationshipOf(store::FollowState::kNone).followed_by_me);
  EXPECT_FALSE(RelationshipOf(store::FollowState::kNone).requested_by_me);
  EXPECT_TRUE(RelationshipOf(store::FollowState::kFollowing).followed_by_me);
  EXPECT_FALSE(RelationshipOf(store::FollowState::kFollowing).requested_by_me);
  EXPECT_FALSE(RelationshipOf(store::FollowState::kRequested).followed_by_me);
  EXPECT_TRUE(RelationshipOf(store::FollowState::kRequested).requested_by_me);
}

}  // namespace
}  // namespace lenslet::api::users

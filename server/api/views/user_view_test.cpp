#include "api/views/user_view.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace lenslet::api::views {
namespace {

store::UserRow SampleUser() {
  store::UserRow u;
  u.id = core::UserId(7);
  u.username = "ada";
  u.email = "ada@example.org";
  u.password_hash = core::Secret("$argon2id$v=19$secret");
  u.display_name = "Ada";
  u.post_count = 3;
  return u;
}

TEST(UserViewTest, PublicUserHasTheApiFieldsAndNoSecrets) {
  const auto json = PublicUser(SampleUser(), {.followed_by_me = true});
  EXPECT_EQ(json.at("id"), "7");  // ids are strings on the wire
  EXPECT_EQ(json.at("postCount"), 3);
  EXPECT_EQ(json.at("followedByMe"), true);
  EXPECT_TRUE(json.at("avatarUrl").is_null());
  EXPECT_FALSE(json.contains("email"));
  const auto text = boost::json::serialize(json);
  EXPECT_EQ(text.find("argon2id"), std::string::npos);
}

TEST(UserViewTest, OwnUserAddsEmail) { EXPECT_EQ(OwnUser(SampleUser()).at("email"), "ada@example.org"); }

TEST(UserViewTest, OwnUserTellsTheRoleAndThePublicObjectDoesNot) {
  auto u = SampleUser();
  EXPECT_EQ(OwnUser(u).at("role"), "user");
  u.role = store::Role::kModerator;
  EXPECT_EQ(OwnUser(u).at("role"), "moderator");
  EXPECT_FALSE(PublicUser(u).contains("role"));
}

TEST(UserViewTest, AvatarUrlPointsUnderMedia) {
  auto u = SampleUser();
  u.avatar_key = "ab/cdef.webp";
  EXPECT_EQ(AvatarUrl(u), "/media/ab/cdef.webp");
}

}  // namespace
}  // namespace lenslet::api::views

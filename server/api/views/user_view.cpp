#include "api/views/user_view.hpp"

namespace lenslet::api::views {

boost::json::value AvatarUrl(const store::PublicUserRow& user) {
  if (!user.avatar_key) return nullptr;
  return boost::json::string("/media/" + *user.avatar_key);
}

namespace {

constexpr std::string_view kDeletedUserName = "Deleted user";

}  // namespace

boost::json::object Author(const store::PublicUserRow& user) {
  if (user.deactivated) {
    return {{"id", user.id.ToString()}, {"username", ""}, {"displayName", kDeletedUserName},
            {"avatarUrl", nullptr}, {"deleted", true}};
  }
  return {
      {"id", user.id.ToString()},
      {"username", user.username},
      {"displayName", user.display_name},
      {"avatarUrl", AvatarUrl(user)},
  };
}

boost::json::object PublicUser(const store::PublicUserRow& user, const Relationship& relationship) {
  if (user.deactivated) {
    return {{"id", user.id.ToString()}, {"username", ""}, {"displayName", kDeletedUserName}, {"bio", ""},
            {"website", ""}, {"avatarUrl", nullptr}, {"isPrivate", false}, {"postCount", 0},
            {"followerCount", 0}, {"followingCount", 0}, {"followedByMe", false}, {"requestedByMe", false},
            {"deleted", true}};
  }
  boost::json::object json{
      {"id", user.id.ToString()},
      {"username", user.username},
      {"displayName", user.display_name},
      {"bio", user.bio},
      {"website", user.website},
      {"avatarUrl", AvatarUrl(user)},
      {"isPrivate", user.is_private},
      {"postCount", user.post_count},
      {"followerCount", user.follower_count},
      {"followingCount", user.following_count},
      {"followedByMe", relationship.followed_by_me},
      {"requestedByMe", relationship.requested_by_me},
  };
  if (relationship.quiet) {
    json["mutedByMe"] = relationship.quiet->muted;
    json["restrictedByMe"] = relationship.quiet->restricted;
  }
  return json;
}

boost::json::object OwnUser(const store::UserRow& user) {
  auto json = PublicUser(user);
  json["email"] = user.email;
  json["role"] = store::RoleName(user.role);
  json["emailVerified"] = user.email_verified_at.has_value();
  return json;
}

}  // namespace lenslet::api::views

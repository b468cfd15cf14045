#pragma once
// The wire shapes of a user (API.md "Objects"): rows become JSON only here.
#include <boost/json/object.hpp>
#include <optional>

#include "store/quiet_flags.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::views {

// How the caller relates to the user shown (filled by the social graph).
struct Relationship {
  bool followed_by_me = false;
  bool requested_by_me = false;
  // mutedByMe / restrictedByMe: only for a signed-in viewer looking at someone
  // else (users::RelationshipOf decides); absent from the JSON otherwise.
  std::optional<store::QuietFlags> quiet;
};

// The public user object. An account its owner asked to delete
// (PublicUserRow::deactivated) is shown where it must still appear — the
// sender of a message, a member of a conversation — as a deleted user: its id
// (so a client can group its messages) and nothing of the person, with
// `deleted: true` and displayName "Deleted user". Its username is never
// shown: once purged, the name can belong to someone new.
boost::json::object PublicUser(const store::PublicUserRow& user, const Relationship& relationship = {});
// The signed-in user's own view: the public object plus `email` and `role`
// (others are not told who is staff).
boost::json::object OwnUser(const store::UserRow& user);
// The short form of a user that posts, comments and messages carry as their
// author or sender ({id, username, displayName, avatarUrl}), with the same
// deleted-user form.
boost::json::object Author(const store::PublicUserRow& user);
// The media URL of an avatar key, or null.
boost::json::value AvatarUrl(const store::PublicUserRow& user);

}  // namespace lenslet::api::views

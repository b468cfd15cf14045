#pragma once
// The wire shapes of who may sign up (API.md "Safety and moderation"): an
// account waiting for approval and an invite code, as staff see them.
#include <boost/json/object.hpp>

#include "store/registration_store.hpp"

namespace lenslet::api::views {

// {id, username, email, displayName, createdAt}: staff judge a sign-up by it.
boost::json::object PendingAccount(const store::PendingAccountRow& account);
// {code, uses, usesLeft, expiresAt, createdAt, createdBy}.
boost::json::object Invite(const store::InviteRow& invite);

}  // namespace lenslet::api::views

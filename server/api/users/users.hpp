#pragma once
// Profiles and the social graph (API.md "Endpoints": /users, /follow-requests):
// one action per file in this folder, each a recipe: parse → validate → load
// (users::LoadProfile: 404 for unknown and blocked) → authorise → write (one
// unit, counters included) → notifications → respond.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::users {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action GetProfile;            // GET    /users/{username}
Action UpdateProfile;         // PATCH  /users/me
Action UpdateAvatar;          // PUT    /users/me/avatar (multipart upload)
Action Follow;                // POST   /users/{username}/follow
Action Unfollow;              // DELETE /users/{username}/follow
Action Block;                 // POST   /users/{username}/block
Action Unblock;               // DELETE /users/{username}/block
Action Followers;             // GET    /users/{username}/followers
Action Following;             // GET    /users/{username}/following
Action FollowRequests;        // GET    /follow-requests
Action AcceptFollowRequest;   // POST   /follow-requests/{userId}/accept
Action DeclineFollowRequest;  // POST   /follow-requests/{userId}/decline
Action Mute;                  // POST   /users/{username}/mute
Action Unmute;                // DELETE /users/{username}/mute
Action MutedUsers;            // GET    /users/me/muted
Action Restrict;              // POST   /users/{username}/restrict
Action Unrestrict;            // DELETE /users/{username}/restrict
Action RestrictedUsers;       // GET    /users/me/restricted
Action GetHiddenWords;        // GET    /users/me/hidden-words
Action UpdateHiddenWords;     // PUT    /users/me/hidden-words

}  // namespace lenslet::api::users

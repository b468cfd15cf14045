#pragma once
// Who may sign up, as staff manage it (API.md "Safety and moderation",
// --registration approval|invite): accounts waiting for approval and invite
// codes. Staff only (api/admin/staff.hpp): 404 for everyone else. One action
// per file in this folder.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::admin {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action ListUsers;     // GET    /admin/users?status=pending
Action ApproveUser;   // POST   /admin/users/{username}/approve
Action RejectUser;    // POST   /admin/users/{username}/reject
Action CreateInvite;  // POST   /admin/invites
Action ListInvites;   // GET    /admin/invites
Action DeleteInvite;  // DELETE /admin/invites/{code}
Action ServerMetrics;  // GET    /admin/server/metrics (admins; api/admin/server_history.hpp)

}  // namespace lenslet::api::admin

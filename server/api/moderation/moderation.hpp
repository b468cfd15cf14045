#pragma once
// Moderation (API.md "Safety and moderation", issue 13.3): the queue of
// reports and what moderators and admins do about them. For everyone else
// these endpoints do not exist: 404, signed in or not (api/admin/staff.hpp).
// Every action lands in the audit log in its own unit (detail/actions.hpp).
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::moderation {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action ListReports;     // GET    /admin/reports?status=open|resolved
Action ResolveReport;   // POST   /admin/reports/{id}/resolve
Action RemovePost;      // DELETE /admin/posts/{id}
Action RemoveComment;   // DELETE /admin/comments/{id}
Action SuspendUser;     // POST   /admin/users/{username}/suspend
Action LiftSuspension;  // DELETE /admin/users/{username}/suspend
Action AuditLog;        // GET    /admin/audit (admins only)

}  // namespace lenslet::api::moderation

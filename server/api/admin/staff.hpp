#pragma once
// The one guard of every staff-only endpoint (API.md "Safety and
// moderation": moderator and admin endpoints answer 404 to everyone else —
// for them they do not exist). The role is read from the database inside the
// caller's unit on every request, never from the access token, so a demotion
// (`lenslet admin role NAME user`) takes effect on the very next request. One
// indexed read of one column.
//
//   co_await services.db.Write([&](db::Connection& c) {
//     admin::RequireStaff(c, request.RequirePrincipal().user);
//     ...
//   });
#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/role_store.hpp"

namespace lenslet::api::admin {

// Moderator or admin; otherwise throws Error(kNotFound). Returns the role.
store::Role RequireStaff(db::Connection& c, core::UserId caller);
// Admin only; otherwise throws Error(kNotFound), to moderators too.
void RequireAdmin(db::Connection& c, core::UserId caller);

}  // namespace lenslet::api::admin

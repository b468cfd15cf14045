#pragma once
#include <optional>

#include "api/admin/staff.hpp"
#include "api/moderation/detail/actions.hpp"
#include "core/error.hpp"
#include "http/request.hpp"

namespace lenslet::api::moderation::detail {

// The signed-in caller of a staff route (api/routes.cpp: signed out is 401, as
// for every signed-in route, so a moderator's expired token gets refreshed).
inline core::UserId CallerOf(const http::Request& request) { return request.RequirePrincipal().user; }

// Inside the unit: the caller as a moderator or admin, else 404.
inline Actor RequireStaffActor(db::Connection& c, core::UserId caller) {
  return {.id = caller, .role = admin::RequireStaff(c, caller)};
}

}  // namespace lenslet::api::moderation::detail

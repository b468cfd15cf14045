#pragma once
// Roles (API.md "Safety and moderation"): who is staff. A user's role is read
// afresh from the database whenever it decides something (api/admin/staff.hpp),
// never from a token, so a demotion takes effect on the next request.
#include <optional>
#include <string_view>

#include "core/ids.hpp"
#include "db/database.hpp"

namespace lenslet::store {

enum class Role { kUser, kModerator, kAdmin };

// "user", "moderator", "admin": the stored and the wire spelling.
std::string_view RoleName(Role role);
// nullopt for anything else (case matters: the stored values are lower case).
std::optional<Role> ParseRole(std::string_view name);
// Moderators and admins.
inline bool IsStaff(Role role) { return role != Role::kUser; }

class RoleStore {
 public:
  // The role of `user`, nullopt when there is no such user. One indexed read.
  std::optional<Role> Find(db::Connection& c, core::UserId user) const;
  // Sets the role of the user named `username` (any case); returns their id,
  // nullopt when there is no such user.
  std::optional<core::UserId> Set(db::Connection& c, std::string_view username, Role role) const;
};

}  // namespace lenslet::store

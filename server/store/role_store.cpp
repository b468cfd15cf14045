#include "store/role_store.hpp"

#include <stdexcept>
#include <string>

namespace lenslet::store {
namespace {

constexpr std::string_view kFindRole = "SELECT role FROM users WHERE id = $1";
// lower(...) on both sides so the lookup uses users_username_lower.
constexpr std::string_view kSetRole = "UPDATE users SET role = $2 WHERE lower(username) = lower($1) RETURNING id";

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kUser:
      return "user";
    case Role::kModerator:
      return "moderator";
    case Role::kAdmin:
      return "admin";
  }
  return "user";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const Role role : {Role::kUser, Role::kModerator, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::optional<Role> RoleStore::Find(db::Connection& c, core::UserId user) const {
  const auto row = c.Exec(kFindRole, user).first();
  if (!row) return std::nullopt;
  const auto role = ParseRole(row->Text(0));
  // The CHECK constraint admits nothing else.
  if (!role) throw std::logic_error("users.role holds an unknown role: " + row->Text(0));
  return role;
}

std::optional<core::UserId> RoleStore::Set(db::Connection& c, std::string_view username, Role role) const {
  const auto row = c.Exec(kSetRole, username, RoleName(role)).first();
  if (!row) return std::nullopt;
  return core::UserId(row->Int(0));
}

}  // namespace lenslet::store

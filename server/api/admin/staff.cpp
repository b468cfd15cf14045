#include "api/admin/staff.hpp"

#include "core/error.hpp"

namespace lenslet::api::admin {
namespace {

// The message of any unknown path: nothing tells the caller that the route
// exists for others.
[[noreturn]] void ThrowNoSuchThing() { core::ThrowNotFound("Not found"); }

}  // namespace

store::Role RequireStaff(db::Connection& c, core::UserId caller) {
  const auto role = store::RoleStore().Find(c, caller);
  if (!role || !store::IsStaff(*role)) ThrowNoSuchThing();
  return *role;
}

void RequireAdmin(db::Connection& c, core::UserId caller) {
  const auto role = store::RoleStore().Find(c, caller);
  if (role != store::Role::kAdmin) ThrowNoSuchThing();
}

}  // namespace lenslet::api::admin

// DELETE /api/v1/admin/invites/{code} → 204: the code stops working at once
// (any case, with or without dashes). Unknown → 404. Staff only, else 404.
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "auth/registration_policy.hpp"
#include "core/error.hpp"
#include "store/registration_store.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> DeleteInvite(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto code = auth::NormalizeInviteCode(request.Param("code"));
  co_await services.db.Write([&](db::Connection& c) {
    RequireStaff(c, me);
    if (!code || !store::InviteStore().Delete(c, *code)) core::ThrowNotFound("No such invite code");
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::admin

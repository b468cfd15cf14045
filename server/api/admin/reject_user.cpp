// POST /api/v1/admin/users/{username}/reject → 204: the account that waited
// for approval is deleted (its username and email are free again). Unknown
// or not pending → 404. Staff only, else 404.
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "core/error.hpp"
#include "store/registration_store.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> RejectUser(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const std::string& username = request.Param("username");
  co_await services.db.Write([&](db::Connection& c) {
    RequireStaff(c, me);
    const store::RegistrationStore registrations;
    const auto pending = registrations.FindPendingByUsername(c, username);
    if (!pending || !registrations.DeletePending(c, pending->id)) {
      core::ThrowNotFound("No account waits for approval under that name");
    }
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::admin

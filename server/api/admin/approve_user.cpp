// POST /api/v1/admin/users/{username}/approve → 200 {user}: the account that
// waited for approval becomes a user (role user) and may log in. Unknown or
// not pending → 404; --max-users reached → 403 registration_full. Staff
// only, else 404.
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/registration_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> ApproveUser(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const std::string& username = request.Param("username");
  const auto max_users = services.auth.options().registration.max_users;
  const auto now = core::NowMillis();
  const auto user = co_await services.db.Write([&](db::Connection& c) {
    RequireStaff(c, me);
    const store::RegistrationStore registrations;
    const store::UserStore users;
    // An approval creates an account: under the same lock as a sign-up, so
    // the cap holds against concurrent sign-ups and approvals.
    registrations.LockSignUps(c);
    const auto pending = registrations.FindPendingByUsername(c, username);
    if (!pending) core::ThrowNotFound("No account waits for approval under that name");
    if (max_users > 0 && users.Count(c) >= max_users) {
      throw core::Error(core::ErrorCode::kRegistrationFull, "This instance has all the accounts it takes");
    }
    auto row = users.Insert(c, store::NewUser{pending->username, pending->email,
                                              std::string(pending->password_hash.Reveal()),
                                              pending->display_name, now, store::Role::kUser});
    registrations.DeletePending(c, pending->id);
    return row;
  });
  co_return http::Response::Json(200, {{"user", views::PublicUser(user)}});
}

}  // namespace lenslet::api::admin

// POST /api/v1/auth/password {currentPassword, newPassword} → 204. The new
// password follows the registration rules (422, field newPassword); a wrong
// current one is 401 (field currentPassword), rate-limited like a login.
// Every other login of the user ends at once — their refresh tokens die and
// their sockets are closed in every process — while the caller's login, its
// cookies and refresh token, keep working.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/live/events.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> ChangePassword(Services& services, http::Request& request) {
  const auto& me = request.RequirePrincipal();
  const auto body = http::ParseJsonObject(request);
  auth::PasswordChange form{
      .current_password = detail::RequireString(body, "currentPassword"),
      .new_password = detail::RequireString(body, "newPassword"),
  };
  const auto ended = co_await services.auth.ChangePassword(me.user, me.session, std::move(form), ClientOf(request));
  for (const auto session : ended) live::DisconnectSession(services, session);
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::accounts

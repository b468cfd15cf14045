// POST /api/v1/auth/register {username, email, password, displayName?,
// inviteCode?} → 201 {user} and the session cookies; under --registration
// approval 202 {status: "pending_approval"} and no cookies (the account may
// log in once staff approve it). Fields other than these are ignored.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/views/user_view.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> Register(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auth::RegisterForm form{
      .username = detail::RequireString(body, "username"),
      .email = detail::RequireString(body, "email"),
      .password = detail::RequireString(body, "password"),
      .display_name = detail::OptionalString(body, "displayName"),
      .invite_code = detail::OptionalString(body, "inviteCode"),
  };
  const auto outcome = co_await services.auth.Register(std::move(form), ClientOf(request));
  if (outcome.pending()) co_return http::Response::Json(202, {{"status", "pending_approval"}});
  auto response = http::Response::Json(201, {{"user", views::OwnUser(outcome.login->user)}});
  SetSessionCookies(response, *outcome.login, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

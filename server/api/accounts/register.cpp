// POST /api/v1/auth/register {username, email, password, displayName?}
//   → 201 {user} and the session cookies. Fields other than these are ignored.
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
  };
  const auto login = co_await services.auth.Register(std::move(form), ClientOf(request));
  auto response = http::Response::Json(201, {{"user", views::OwnUser(login.user)}});
  SetSessionCookies(response, login, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

// POST /api/v1/auth/login {login (username or email, any case), password}
//   → 200 {user} and the session cookies; 401 invalid_credentials; 429.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/views/user_view.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> Login(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auth::LoginForm form{
      .login = detail::RequireString(body, "login"),
      .password = detail::RequireString(body, "password"),
  };
  const auto login = co_await services.auth.Login(std::move(form), ClientOf(request));
  boost::json::object body_out{{"user", views::OwnUser(login.user)}};
  // Issue 14.6: this login brought back an account its owner had asked to delete.
  if (login.restored) body_out["restored"] = true;
  auto response = http::Response::Json(200, std::move(body_out));
  SetSessionCookies(response, login, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

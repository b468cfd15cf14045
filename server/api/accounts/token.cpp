// Clients that are not browsers (API.md): the same logins, with tokens in the
// body instead of cookies, sent back as `Authorization: Bearer <accessToken>`.
//   POST /api/v1/auth/token {login, password} → {accessToken, refreshToken, user}
//   POST /api/v1/auth/token/refresh {refreshToken} → a new pair (same rotation
//   and reuse rules as the cookie flow)
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/views/user_view.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

http::Response TokenPair(const auth::LoginResult& login) {
  boost::json::object body{
      {"accessToken", login.access_token},
      {"accessTokenExpiresAt", core::ToIso8601(login.access_expires_at)},
      {"refreshToken", login.refresh_token},
      {"refreshTokenExpiresAt", core::ToIso8601(login.refresh_expires_at)},
      {"user", views::OwnUser(login.user)},
  };
  // Issue 14.6: this login brought back an account its owner had asked to delete.
  if (login.restored) body["restored"] = true;
  return http::Response::Json(200, std::move(body));
}

boost::asio::awaitable<http::Response> IssueToken(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auth::LoginForm form{
      .login = detail::RequireString(body, "login"),
      .password = detail::RequireString(body, "password"),
      .flow = auth::LoginFlow::kToken,  // a second factor then completes with tokens too
  };
  co_return TokenPair(co_await services.auth.Login(std::move(form), ClientOf(request)));
}

boost::asio::awaitable<http::Response> RefreshToken(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auto token = detail::RequireString(body, "refreshToken");
  co_return TokenPair(co_await services.auth.Refresh(std::move(token), ClientOf(request)));
}

}  // namespace lenslet::api::accounts

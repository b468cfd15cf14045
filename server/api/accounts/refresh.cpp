// POST /api/v1/auth/refresh (refresh cookie) → 200 {user}, both cookies rotated.
// A refresh token presented twice ends the whole login (API.md).
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/views/user_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> Refresh(Services& services, http::Request& request) {
  const auto token = request.Cookie(kRefreshCookie);
  if (!token || token->empty()) {
    throw core::Error(core::ErrorCode::kInvalidToken, "Sign in again: there is no refresh token");
  }
  const auto login = co_await services.auth.Refresh(*token, ClientOf(request));
  auto response = http::Response::Json(200, {{"user", views::OwnUser(login.user)}});
  SetSessionCookies(response, login, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

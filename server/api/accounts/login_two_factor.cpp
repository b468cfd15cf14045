// POST /api/v1/auth/login/2fa {challenge, code} → completes a login that
// answered 401 two_factor_required. The code is a TOTP code or a recovery
// code (single use). The answer is the one the login's own door gives: for
// POST /auth/login 200 {user} and the session cookies, for POST /auth/token
// the token pair — the challenge remembers which. 401 invalid_token (field
// challenge) for an unknown, expired, used or exhausted challenge; 401
// invalid_credentials (field code); 429 past the per-address or per-account
// limits.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/views/user_view.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> CompleteTwoFactorLogin(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auto challenge = detail::RequireString(body, "challenge");
  auto code = detail::RequireString(body, "code");
  const auto done =
      co_await services.auth.CompleteTwoFactorLogin(std::move(challenge), std::move(code), ClientOf(request));
  if (done.flow == auth::LoginFlow::kToken) co_return TokenPair(done.login);
  auto response = http::Response::Json(200, {{"user", views::OwnUser(done.login.user)}});
  SetSessionCookies(response, done.login, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

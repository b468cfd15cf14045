// Two-factor authentication, TOTP (issue 14.3, API.md "Accounts for real life"):
//
// GET  /api/v1/auth/2fa → 200 {enabled, recoveryCodesLeft}
// POST /api/v1/auth/2fa/setup → 200 {secret, otpauthUrl, qrSvg}: a new secret,
//      pending until enabled (a second setup replaces it); 409 when already on.
// POST /api/v1/auth/2fa/enable {code} → 200 {recoveryCodes: [10]}, shown this
//      once; 422 (field code) for a wrong code; 409 without a pending setup.
// POST /api/v1/auth/2fa/disable {password, code} → 204; the code may be a
//      TOTP code or an unused recovery code (someone who lost the phone signs
//      in with one and turns two-factor off); 401 invalid_credentials (field
//      password or code), rate-limited like a login; 409 when it is not on.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> TwoFactorStatus(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  const auto status = co_await services.auth.two_factor().Status(me.user);
  co_return http::Response::Json(200, {{"enabled", status.enabled}, {"recoveryCodesLeft", status.recovery_codes_left}});
}

boost::asio::awaitable<http::Response> SetupTwoFactor(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me.user, "two-factor setups");
  const auto user = co_await services.auth.Me(me.user);
  const auto setup = co_await services.auth.two_factor().Setup(me.user, user.username);
  co_return http::Response::Json(
      200, {{"secret", setup.secret}, {"otpauthUrl", setup.otpauth_url}, {"qrSvg", setup.qr_svg}});
}

boost::asio::awaitable<http::Response> EnableTwoFactor(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  const auto body = http::ParseJsonObject(request);
  auto code = detail::RequireString(body, "code");
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me.user, "two-factor codes");
  const auto codes = co_await services.auth.two_factor().Enable(me.user, std::move(code));
  boost::json::array list;
  for (const auto& c : codes) list.emplace_back(c);
  co_return http::Response::Json(200, {{"recoveryCodes", std::move(list)}});
}

boost::asio::awaitable<http::Response> DisableTwoFactor(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  const auto body = http::ParseJsonObject(request);
  auto password = detail::RequireString(body, "password");
  auto code = detail::RequireString(body, "code");
  co_await services.auth.DisableTwoFactor(me.user, std::move(password), std::move(code), ClientOf(request));
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::accounts

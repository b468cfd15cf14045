// The mailed links of an account (API.md "Accounts for real life"; the rules
// are in auth/account_mail.hpp):
//   POST /auth/password/forgot {email}           → 202 {}, whether or not the address has an account
//   POST /auth/password/reset {token, password}  → 204; every login of the account ends (sockets too)
//   POST /auth/email/verify {token}              → 204 (a confirmation of the address, or of a new one)
//   POST /auth/email/resend                      → 202 {} (signed in)
//   POST /auth/email/change {email, password}    → 202 {} (signed in): a link goes to the new address
// A bad link is 400 token_invalid; an expired one 410 token_expired; a used one 410 token_used.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {
namespace {

auth::AccountMail& AccountMailOf(Services& services) {
  if (!services.account_mail) throw core::Error(core::ErrorCode::kUnavailable, "Mail is not available here");
  return *services.account_mail;
}

http::Response Accepted() { return http::Response::Json(202, boost::json::object{}); }

}  // namespace

boost::asio::awaitable<http::Response> ForgotPassword(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auto email = detail::RequireString(body, "email");
  co_await AccountMailOf(services).RequestPasswordReset(std::move(email), ClientOf(request));
  co_return Accepted();
}

boost::asio::awaitable<http::Response> ResetPassword(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  auto token = detail::RequireString(body, "token");
  auto password = detail::RequireString(body, "password");
  const auto reset = co_await AccountMailOf(services).ResetPassword(std::move(token), std::move(password));
  // Whoever held a login of this account, in any process, is out now.
  live::DisconnectUser(services, reset.user);
  co_return http::Response::NoContent();
}

boost::asio::awaitable<http::Response> VerifyEmail(Services& services, http::Request& request) {
  const auto body = http::ParseJsonObject(request);
  co_await AccountMailOf(services).VerifyEmail(detail::RequireString(body, "token"));
  co_return http::Response::NoContent();
}

boost::asio::awaitable<http::Response> ResendVerification(Services& services, http::Request& request) {
  co_await AccountMailOf(services).ResendVerification(request.RequirePrincipal().user);
  co_return Accepted();
}

boost::asio::awaitable<http::Response> ChangeEmail(Services& services, http::Request& request) {
  const auto& me = request.RequirePrincipal();
  const auto body = http::ParseJsonObject(request);
  auto email = detail::RequireString(body, "email");
  auto password = detail::RequireString(body, "password");
  // The password first, as every step that asks for it again: the login
  // throttle counts the wrong ones.
  co_await services.auth.ConfirmPassword(me.user, std::move(password), ClientOf(request), "password");
  co_await AccountMailOf(services).RequestEmailChange(me.user, std::move(email));
  co_return Accepted();
}

}  // namespace lenslet::api::accounts

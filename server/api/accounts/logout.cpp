// POST /api/v1/auth/logout → 204. Ends this login at once: its access token
// stops working immediately, its sockets are disconnected (in every process)
// and its cookies are cleared. The login is named by the access token, and
// also by the refresh cookie or a `{refreshToken}` body, so a logout whose
// access token already expired still ends it (API.md "Also part of the
// contract"). Without any of them it still clears the cookies (the browser
// may hold stale ones).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::accounts {
namespace {

// The refresh token of a client that is not a browser: an optional body.
std::optional<std::string> BodyRefreshToken(const http::Request& request) {
  if (request.body.empty()) return std::nullopt;
  const auto body = http::ParseJsonObject(request);
  const auto* token = body.if_contains("refreshToken");
  if (token == nullptr || token->is_null()) return std::nullopt;
  if (!token->is_string()) core::ThrowInvalid("refreshToken", "refreshToken must be a string");
  return std::string(token->as_string());
}

}  // namespace

boost::asio::awaitable<http::Response> Logout(Services& services, http::Request& request) {
  // Read first: a malformed body is refused before anything is ended.
  const auto body_token = BodyRefreshToken(request);
  std::vector<core::SessionId> ended;
  if (request.principal) {
    co_await services.auth.Logout(request.principal->session);
    ended.push_back(request.principal->session);
  }
  for (auto token : {request.Cookie(kRefreshCookie), body_token}) {
    if (!token || token->empty()) continue;
    const auto session = co_await services.auth.LogoutByRefreshToken(std::move(*token));
    if (session && std::find(ended.begin(), ended.end(), *session) == ended.end()) ended.push_back(*session);
  }
  for (const auto session : ended) live::DisconnectSession(services, session);
  auto response = http::Response::NoContent();
  ClearSessionCookies(response, services.options);
  co_return response;
}

// POST /api/v1/auth/logout-all → 204: ends every login of the caller and
// disconnects all of their sockets.
boost::asio::awaitable<http::Response> LogoutEverywhere(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await services.auth.LogoutEverywhere(me);
  live::DisconnectUser(services, me);
  auto response = http::Response::NoContent();
  ClearSessionCookies(response, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

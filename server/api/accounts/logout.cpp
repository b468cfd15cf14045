// POST /api/v1/auth/logout → 204. Ends this login at once: its access token
// stops working immediately, its sockets are disconnected (in every process)
// and its cookies are cleared. Without a valid
// session it still clears the cookies (the browser may hold stale ones).
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/live/events.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> Logout(Services& services, http::Request& request) {
  if (request.principal) {
    co_await services.auth.Logout(request.principal->session);
    live::DisconnectSession(services, request.principal->session);
  }
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

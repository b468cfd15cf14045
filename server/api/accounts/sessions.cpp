// The caller's logins (issue 14.4, API.md "Accounts for real life"):
//
// GET /api/v1/auth/sessions → 200 {items: [{id, current, userAgent, ip,
// createdAt, lastSeenAt}]}, most recently used first. `ip` is the address of
// the last refresh (or the login); `userAgent` the browser's at login — the
// web app names the device from it.
//
// DELETE /api/v1/auth/sessions/{id} → 204: ends that login at once, as a
// logout from it would: its access tokens stop working, its sockets are
// disconnected in every process. Another user's login, or one already over,
// is 404. Ending the current one also clears the caller's cookies.
#include <string>

#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/write_limits.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> ListSessions(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  const auto sessions = co_await services.auth.Sessions(me.user);
  boost::json::array items;
  items.reserve(sessions.size());
  for (const auto& s : sessions) {
    items.push_back({
        {"id", s.id.ToString()},
        {"current", s.id == me.session},
        {"userAgent", s.user_agent},
        {"ip", s.ip},
        {"createdAt", core::ToIso8601(s.created_at)},
        {"lastSeenAt", core::ToIso8601(s.last_seen_at)},
    });
  }
  co_return http::Response::Json(200, {{"items", std::move(items)}});
}

boost::asio::awaitable<http::Response> EndSession(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal();
  const auto id = core::SessionId::Parse(request.Param("id"));
  if (!id) core::ThrowNotFound("No such login");
  co_await api::detail::RequireWithinWriteLimit(services.action_limiter, me.user, "logouts");
  if (!co_await services.auth.EndSession(me.user, *id)) core::ThrowNotFound("No such login");
  live::DisconnectSession(services, *id);
  auto response = http::Response::NoContent();
  if (*id == me.session) ClearSessionCookies(response, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

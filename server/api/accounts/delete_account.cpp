// DELETE /api/v1/users/me {password} → 202 {deleteAt} (issue 14.6; API.md
// "Accounts for real life"). In one unit the account is deactivated — from
// then on the privacy policy hides it from everyone, as it hides the
// suspended (api/users/visibility.hpp) — its purge job is written and every
// login of it is revoked; after the commit this process forgets those logins
// and every socket of the account closes in every process, as a suspension
// does. A login with the right password before deleteAt restores the account;
// after it the purge worker (app/account_purge_worker.hpp) removes it.
// A wrong password is 401 invalid_credentials (field "password"), like a
// wrong current password when changing it.
#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/detail/json_fields.hpp"
#include "api/live/events.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/json_body.hpp"
#include "store/account_deletion_store.hpp"
#include "store/session_store.hpp"

namespace lenslet::api::accounts {

boost::asio::awaitable<http::Response> DeleteAccount(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto body = http::ParseJsonObject(request);
  auto password = detail::RequireString(body, "password");
  co_await services.auth.ConfirmPassword(me, std::move(password), ClientOf(request), "password");

  const auto now = core::NowMillis();
  const auto delete_at = now + services.options.deletion_grace_ms;
  const auto ended = co_await services.db.Write([&](db::Connection& c) {
    if (!store::AccountDeletionStore().Deactivate(c, me, now, delete_at)) {
      throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in to continue", {}, "account already deactivated");
    }
    return store::SessionStore().RevokeAllForUser(c, me, now);
  });
  co_await services.auth.ForgetSessions(ended);
  live::DisconnectUser(services, me);

  auto response = http::Response::Json(202, {{"deleteAt", core::ToIso8601(delete_at)}});
  ClearSessionCookies(response, services.options);
  co_return response;
}

}  // namespace lenslet::api::accounts

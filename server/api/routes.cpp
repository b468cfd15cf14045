// Every URL the server answers, in one table. Each route names its action, who
// may call it and how large a body it accepts; the actions live one per file in
// the folder of their resource.
#include "api/routes.hpp"

#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/system/system.hpp"

namespace lenslet::api {
namespace {

using http::Auth;
using http::Method;
using Action = boost::asio::awaitable<http::Response> (*)(Services&, http::Request&);

constexpr std::string_view kApi = "/api/v1";

}  // namespace

void RegisterRoutes(http::Router& router, Services& services) {
  const auto add = [&](Method method, std::string_view path, Action action, http::RouteOptions options = {}) {
    router.Add(method, std::string(kApi) + std::string(path),
               [&services, action](http::Request& request) { return action(services, request); }, options);
  };
  const http::RouteOptions signed_in{.auth = Auth::kRequired};
  const http::RouteOptions maybe_signed_in{.auth = Auth::kOptional};

  add(Method::kGet, "/health", system::Health);

  add(Method::kPost, "/auth/register", accounts::Register);
  add(Method::kPost, "/auth/login", accounts::Login);
  add(Method::kPost, "/auth/refresh", accounts::Refresh);
  add(Method::kPost, "/auth/logout", accounts::Logout, maybe_signed_in);
  add(Method::kPost, "/auth/logout-all", accounts::LogoutEverywhere, signed_in);
  add(Method::kGet, "/auth/me", accounts::Me, signed_in);
  add(Method::kPost, "/auth/token", accounts::IssueToken);
  add(Method::kPost, "/auth/token/refresh", accounts::RefreshToken);
}

http::Authenticator MakeAuthenticator(Services& services) {
  return [&services](const http::Request& request) -> boost::asio::awaitable<std::optional<http::Principal>> {
    auto token = accounts::AccessTokenOf(request);
    if (!token || token->empty()) co_return std::nullopt;
    const auto identity = co_await services.auth.Authenticate(std::move(*token));
    if (!identity) co_return std::nullopt;
    co_return http::Principal{.user = identity->user, .session = identity->session};
  };
}

}  // namespace lenslet::api

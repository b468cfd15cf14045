// Every URL the server answers, in one table. Each route names its action, who
// may call it and how large a body it accepts; the actions live one per file in
// the folder of their resource.
#include "api/routes.hpp"

#include "api/accounts/accounts.hpp"
#include "api/accounts/session_cookies.hpp"
#include "api/notifications/notifications.hpp"
#include "api/system/system.hpp"
#include "api/users/users.hpp"

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

  add(Method::kGet, "/users/{username}", users::GetProfile, maybe_signed_in);
  add(Method::kPatch, "/users/me", users::UpdateProfile, signed_in);
  add(Method::kPost, "/users/{username}/follow", users::Follow, signed_in);
  add(Method::kDelete, "/users/{username}/follow", users::Unfollow, signed_in);
  add(Method::kPost, "/users/{username}/block", users::Block, signed_in);
  add(Method::kDelete, "/users/{username}/block", users::Unblock, signed_in);
  add(Method::kGet, "/users/{username}/followers", users::Followers, maybe_signed_in);
  add(Method::kGet, "/users/{username}/following", users::Following, maybe_signed_in);
  add(Method::kGet, "/follow-requests", users::FollowRequests, signed_in);
  add(Method::kPost, "/follow-requests/{userId}/accept", users::AcceptFollowRequest, signed_in);
  add(Method::kPost, "/follow-requests/{userId}/decline", users::DeclineFollowRequest, signed_in);

  add(Method::kGet, "/notifications", notifications::ListNotifications, signed_in);
  add(Method::kPost, "/notifications/read", notifications::MarkRead, signed_in);
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

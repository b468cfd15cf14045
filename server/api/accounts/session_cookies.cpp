#include "api/accounts/session_cookies.hpp"

#include "core/time.hpp"

namespace lenslet::api::accounts {
namespace {

http::SetCookie Cookie(std::string name, std::string value, std::string path, long long max_age,
                       const ApiOptions& options) {
  http::SetCookie c;
  c.name = std::move(name);
  c.value = std::move(value);
  c.path = std::move(path);
  c.max_age_seconds = max_age;
  c.http_only = true;
  c.secure = options.secure_cookies;
  c.same_site = "Lax";
  return c;
}

// Not a credential, and readable by the page (not HttpOnly): "a login may be
// here". The web app asks GET /auth/me only when it is present, so a signed-out
// visit makes no request the browser would log as a failed 401 (API.md).
constexpr const char* kSignedInHintCookie = "lenslet_signed_in";

long long SecondsUntil(core::Millis at) {
  const auto left = (at - core::NowMillis()) / 1000;
  return left > 0 ? left : 0;
}

}  // namespace

void SetSessionCookies(http::Response& response, const auth::LoginResult& login, const ApiOptions& options) {
  // The session cookie outlives the access token inside it by design: an
  // expired token still identifies the login, and the web app answers the 401
  // by calling /auth/refresh (API.md).
  // One reading of the clock for all three: read three times, a second could
  // tick between them and the hint would die a second before the login.
  const long long lifetime = SecondsUntil(login.refresh_expires_at);
  response.WithCookie(Cookie(kSessionCookie, login.access_token, "/", lifetime, options));
  response.WithCookie(Cookie(kRefreshCookie, login.refresh_token, kRefreshCookiePath, lifetime, options));
  auto hint = Cookie(kSignedInHintCookie, "1", "/", lifetime, options);
  hint.http_only = false;
  response.WithCookie(hint);
}

void ClearSessionCookies(http::Response& response, const ApiOptions& options) {
  response.WithCookie(Cookie(kSessionCookie, "", "/", 0, options));
  response.WithCookie(Cookie(kRefreshCookie, "", kRefreshCookiePath, 0, options));
  auto hint = Cookie(kSignedInHintCookie, "", "/", 0, options);
  hint.http_only = false;
  response.WithCookie(hint);
}

auth::ClientInfo ClientOf(const http::Request& request) {
  return {.address = request.client_address, .user_agent = std::string(request.Header("User-Agent"))};
}

std::optional<std::string> AccessTokenOf(const http::Request& request) {
  const auto authorization = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
    return std::string(authorization.substr(kBearer.size()));
  }
  // Another scheme (e.g. Basic auth of a proxy in front) is not ours: use the cookie.
  return request.Cookie(kSessionCookie);
}

}  // namespace lenslet::api::accounts

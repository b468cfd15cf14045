#pragma once
// The two cookies of a browser login: a short-lived access token on "/" and a
// refresh token scoped to /api/v1/auth so it travels only to the auth routes.
// Both HttpOnly and SameSite=Lax; Secure when the public URL is https.
#include <optional>
#include <string>

#include "api/services.hpp"
#include "auth/auth_service.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::accounts {

inline constexpr const char* kSessionCookie = "lenslet_session";
inline constexpr const char* kRefreshCookie = "lenslet_refresh";
inline constexpr const char* kRefreshCookiePath = "/api/v1/auth";

void SetSessionCookies(http::Response& response, const auth::LoginResult& login, const ApiOptions& options);
void ClearSessionCookies(http::Response& response, const ApiOptions& options);

// The client facts stored with a login.
auth::ClientInfo ClientOf(const http::Request& request);

// The body of a token login (POST /auth/token and its two-factor completion):
// {accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt, user}.
http::Response TokenPair(const auth::LoginResult& login);

// The access token a request presents: `Authorization: Bearer` first, else the session cookie.
std::optional<std::string> AccessTokenOf(const http::Request& request);

}  // namespace lenslet::api::accounts

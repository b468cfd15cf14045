#pragma once
#include "api/services.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace lenslet::api {

// Declares every URL of the API (routes.cpp is the only place that does).
void RegisterRoutes(http::Router& router, Services& services);
// GET/HEAD /media/{key...}: the stored media files, outside /api/v1.
void RegisterMediaRoutes(http::Router& router, Services& services);

// Resolves the caller of a request from the session cookie or a bearer token.
http::Authenticator MakeAuthenticator(Services& services);

}  // namespace lenslet::api

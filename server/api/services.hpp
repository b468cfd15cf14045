#pragma once
// What handlers reach for: the database, the domain services and the few
// settings that shape responses. Built once by app/ and shared by all routes.
#include <atomic>
#include <string>

#include "auth/auth_service.hpp"
#include "db/database.hpp"

namespace lenslet::api {

struct ApiOptions {
  bool secure_cookies = false;  // --public-url is https
};

struct Services {
  db::Database& db;
  auth::AuthService& auth;
  ApiOptions options;
  // Set once migrations have run; /health reports it.
  const std::atomic<bool>& ready;
};

}  // namespace lenslet::api

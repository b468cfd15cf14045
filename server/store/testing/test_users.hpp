#pragma once
// Accounts for the *_dbtest suites: a user named `name` (email
// <name>@example.com, a placeholder hash), public or private, in its own
// write unit. Header-only: every suite that links the store can use it.
#include <string>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::store::testing {

inline core::UserId NewTestUser(db::Database& db, const std::string& name, bool is_private = false) {
  return db.WriteNow([&](db::Connection& c) {
    auto user = UserStore().Insert(c, NewUser{name, name + "@example.com", "$argon2id$fake", name, 1});
    if (is_private) user = *UserProfileStore().UpdateProfile(c, user.id, {.is_private = true, .now = 1});
    return user.id;
  });
}

}  // namespace lenslet::store::testing

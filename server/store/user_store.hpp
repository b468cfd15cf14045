#pragma once
// Users: the row as stored, the form that creates one, and the queries. Knows
// nothing about HTTP or the wire shape of a user (that lives in api/).
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "core/secret.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

// One row of `users`.
struct UserRow {
  core::UserId id;
  std::string username;  // stored lowercased
  std::string email;     // stored as given; unique without regard to case
  // A Secret so that a row that reaches a log line or a JSON writer by mistake
  // cannot leak the hash.
  core::Secret password_hash;
  std::string display_name;
  std::string bio;
  std::string website;
  std::optional<std::string> avatar_key;
  bool is_private = false;
  std::int64_t post_count = 0;
  std::int64_t follower_count = 0;
  std::int64_t following_count = 0;
  core::Millis created_at = 0;
  core::Millis updated_at = 0;
};

// What Insert needs; validated and normalised by the caller (auth/validation).
struct NewUser {
  std::string username;
  std::string email;
  std::string password_hash;
  std::string display_name;
  core::Millis now = 0;
};

class UserStore {
 public:
  // Throws Error(kUsernameTaken, field "username") or Error(kEmailTaken, field
  // "email") when another user has that username or email in any case, and
  // Error(kConflict) if a uniqueness rule fires that those checks did not see.
  UserRow Insert(db::Connection& c, const NewUser& user) const;

  std::optional<UserRow> FindById(db::Connection& c, core::UserId id) const;
  // Case-insensitive.
  std::optional<UserRow> FindByUsername(db::Connection& c, std::string_view username) const;
  // Case-insensitive.
  std::optional<UserRow> FindByEmail(db::Connection& c, std::string_view email) const;
  // A login is an email when it has an '@' (usernames cannot), else a username.
  std::optional<UserRow> FindByLogin(db::Connection& c, std::string_view login) const;

  bool UsernameExists(db::Connection& c, std::string_view username) const;
  bool EmailExists(db::Connection& c, std::string_view email) const;

  // Returns false when there is no such user.
  bool UpdatePasswordHash(db::Connection& c, core::UserId id, std::string_view password_hash,
                          core::Millis now) const;
};

}  // namespace lenslet::store

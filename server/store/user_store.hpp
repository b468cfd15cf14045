#pragma once
// Users: the row as stored, the form that creates one, and the queries. Knows
// nothing about HTTP or the wire shape of a user (that lives in api/).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/secret.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/role_store.hpp"

namespace lenslet::store {

// The public part of a `users` row: what a post, comment, message,
// notification or list shows of its author. Every store that joins `users`
// reads this (UserColumns below) and nothing more, so a feed query never reads
// a password hash or an email — the type has no place to put them.
struct PublicUserRow {
  core::UserId id;
  std::string username;  // stored lowercased
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
  // The owner asked to delete the account (issue 14.6): it is hidden from
  // everyone, and where it must still appear (the sender of a message, a
  // conversation's member) it is shown as a deleted user.
  bool deactivated = false;
};

// One whole row of `users`, as the account's own queries (UserStore) read it.
struct UserRow : PublicUserRow {
  std::string email;  // stored as given; unique without regard to case
  // A Secret so that a row that reaches a log line or a JSON writer by mistake
  // cannot leak the hash.
  core::Secret password_hash;
  // Never in PublicUserRow: others do not learn who is staff.
  Role role = Role::kUser;
  // When `email` was confirmed by a mailed link; nullopt: not yet.
  std::optional<core::Millis> email_verified_at;
};

// What Insert needs; validated and normalised by the caller (auth/validation).
struct NewUser {
  std::string username;
  std::string email;
  std::string password_hash;
  std::string display_name;
  core::Millis now = 0;
  Role role = Role::kUser;
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

  // Throws Error(kUsernameTaken, field "username") or Error(kEmailTaken,
  // field "email") when an account holds that username or email (any case).
  void ThrowIfTaken(db::Connection& c, std::string_view username, std::string_view email) const;
  // Whether the instance has any account at all (the first one becomes admin).
  bool AnyExists(db::Connection& c) const;
  // How many accounts there are (--max-users). A count over the table: only
  // asked when a cap is set.
  std::int64_t Count(db::Connection& c) const;

  bool UsernameExists(db::Connection& c, std::string_view username) const;
  bool EmailExists(db::Connection& c, std::string_view email) const;

  // Returns false when there is no such user.
  bool UpdatePasswordHash(db::Connection& c, core::UserId id, std::string_view password_hash,
                          core::Millis now) const;
};

// What PATCH /users/me may change; absent fields stay as they are. Validated by
// the caller (api/users/profile_rules.hpp).
struct ProfileUpdate {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::string> website;
  std::optional<bool> is_private;
  core::Millis now = 0;
};

// For stores that join `users`: the PUBLIC columns ReadUserColumns reads (never
// email or password_hash), each qualified by `alias` ("u" -> "u.id,
// u.username, ..."), in its order.
std::string UserColumns(std::string_view alias);
inline constexpr std::size_t kUserColumnCount = 13;
inline constexpr std::size_t kUserIsPrivateColumn = 6;  // within them
inline constexpr std::size_t kUserPostCountColumn = 7;
// Reads a PublicUserRow from UserColumns' columns starting at column `first`.
PublicUserRow ReadUserColumns(const db::Row& row, std::size_t first = 0);

// A user's two follow counters.
struct FollowCounts {
  std::int64_t followers = 0;
  std::int64_t following = 0;
};

// The social graph's writes to users (store/follow_store.cpp calls them in the
// same unit as the change they count).
class UserProfileStore {
 public:
  // Returns the updated row, nullopt when there is no such user.
  std::optional<UserRow> UpdateProfile(db::Connection& c, core::UserId id, const ProfileUpdate& update) const;
  // Adds the deltas to follower_count and following_count of one user, and
  // returns both after the change (RETURNING: a follow's answer shows them
  // without reading the row again); nullopt when nothing changed.
  std::optional<FollowCounts> AdjustFollowCounts(db::Connection& c, core::UserId id, std::int64_t follower_delta,
                                                 std::int64_t following_delta) const;
};

// Who is who, as others see them (public columns only): profiles, direct
// messages, presence.
class UserDirectoryStore {
 public:
  std::optional<PublicUserRow> FindById(db::Connection& c, core::UserId id) const;
  // Case-insensitive.
  std::optional<PublicUserRow> FindByUsername(db::Connection& c, std::string_view username) const;
  // The users named in `usernames` (any case), in no particular order; unknown
  // names are simply absent. One statement.
  std::vector<PublicUserRow> FindByUsernames(db::Connection& c, const std::vector<std::string>& usernames) const;
  // users.last_seen_at: when the user's last connected device went away.
  void SetLastSeen(db::Connection& c, core::UserId id, core::Millis at) const;
};

}  // namespace lenslet::store

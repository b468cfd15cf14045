#include "store/user_store.hpp"

#include "core/error.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

// Column order read by ReadUser; every SELECT/RETURNING below lists them so.
#define LENSLET_USER_COLUMNS                                                                 \
  "id, username, email, password_hash, display_name, bio, website, avatar_key, is_private, " \
  "post_count, follower_count, following_count, created_at, updated_at, role, email_verified_at"

// ON CONFLICT DO NOTHING (no target: any unique index) keeps a PostgreSQL
// transaction usable when a concurrent insert wins the race, so we can still
// tell the caller which of username or email was taken.
constexpr std::string_view kInsertUser =
    "INSERT INTO users (username, email, password_hash, display_name, created_at, updated_at, role) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING " LENSLET_USER_COLUMNS;

constexpr std::string_view kFindUserById = "SELECT " LENSLET_USER_COLUMNS " FROM users WHERE id = $1";

// lower(...) on both sides so the lookups use the unique expression indexes.
constexpr std::string_view kFindUserByUsername =
    "SELECT " LENSLET_USER_COLUMNS " FROM users WHERE lower(username) = lower($1)";

constexpr std::string_view kFindUserByEmail =
    "SELECT " LENSLET_USER_COLUMNS " FROM users WHERE lower(email) = lower($1)";

constexpr std::string_view kAnyUser = "SELECT 1 FROM users LIMIT 1";
// Tombstones of purged accounts (migration 0016) are nobody's account.
constexpr std::string_view kCountUsers = "SELECT count(*) FROM users WHERE purged_at IS NULL";

constexpr std::string_view kUsernameExists = "SELECT 1 FROM users WHERE lower(username) = lower($1)";

constexpr std::string_view kEmailExists = "SELECT 1 FROM users WHERE lower(email) = lower($1)";

constexpr std::string_view kUpdatePasswordHash =
    "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3";

#undef LENSLET_USER_COLUMNS

UserRow ReadUser(const db::Row& r) {
  UserRow u;
  u.id = core::UserId(r.Int(0));
  u.username = r.Text(1);
  u.email = r.Text(2);
  u.password_hash = core::Secret(r.Text(3));
  u.display_name = r.Text(4);
  u.bio = r.Text(5);
  u.website = r.Text(6);
  u.avatar_key = r.OptText(7);
  u.is_private = r.Bool(8);
  u.post_count = r.Int(9);
  u.follower_count = r.Int(10);
  u.following_count = r.Int(11);
  u.created_at = r.Int(12);
  u.updated_at = r.Int(13);
  u.role = ParseRole(r.Text(14)).value_or(Role::kUser);
  u.email_verified_at = r.OptInt(15);
  return u;
}

std::optional<UserRow> FindOne(db::Connection& c, std::string_view sql, std::string_view arg) {
  const auto row = c.Exec(sql, arg).first();
  if (!row) return std::nullopt;
  return ReadUser(*row);
}

[[noreturn]] void ThrowUsernameTaken() {
  throw core::Error(core::ErrorCode::kUsernameTaken, "That username is already taken", "username");
}
[[noreturn]] void ThrowEmailTaken() {
  throw core::Error(core::ErrorCode::kEmailTaken, "An account with that email already exists", "email");
}

}  // namespace

UserRow UserStore::Insert(db::Connection& c, const NewUser& user) const {
  // Checked first so the common case gets a precise error; the unique indexes
  // remain the real guard against a concurrent insert.
  ThrowIfTaken(c, user.username, user.email);
  std::optional<db::Row> row;
  try {
    row = c.Exec(kInsertUser, user.username, user.email, user.password_hash, user.display_name, user.now,
                 user.now, RoleName(user.role))
              .first();
  } catch (const db::ConstraintViolation& e) {
    if (e.kind() != db::ConstraintViolation::Kind::kUnique) throw;
    throw core::Error(core::ErrorCode::kConflict, "That account already exists", {}, e.what());
  }
  if (!row) {
    // Lost a race with a concurrent registration (PostgreSQL): in READ
    // COMMITTED each statement sees the winner's committed row.
    if (UsernameExists(c, user.username)) ThrowUsernameTaken();
    if (EmailExists(c, user.email)) ThrowEmailTaken();
    throw core::Error(core::ErrorCode::kConflict, "That account already exists", {},
                      "users insert conflicted but no matching row is visible");
  }
  return ReadUser(*row);
}

std::optional<UserRow> UserStore::FindById(db::Connection& c, core::UserId id) const {
  const auto row = c.Exec(kFindUserById, id).first();
  if (!row) return std::nullopt;
  return ReadUser(*row);
}

std::optional<UserRow> UserStore::FindByUsername(db::Connection& c, std::string_view username) const {
  return FindOne(c, kFindUserByUsername, username);
}

std::optional<UserRow> UserStore::FindByEmail(db::Connection& c, std::string_view email) const {
  return FindOne(c, kFindUserByEmail, email);
}

std::optional<UserRow> UserStore::FindByLogin(db::Connection& c, std::string_view login) const {
  // One indexed lookup instead of "username = x OR email = x".
  if (login.find('@') != std::string_view::npos) return FindByEmail(c, login);
  return FindByUsername(c, login);
}

void UserStore::ThrowIfTaken(db::Connection& c, std::string_view username, std::string_view email) const {
  if (UsernameExists(c, username)) ThrowUsernameTaken();
  if (EmailExists(c, email)) ThrowEmailTaken();
}

bool UserStore::AnyExists(db::Connection& c) const { return !c.Exec(kAnyUser).empty(); }

std::int64_t UserStore::Count(db::Connection& c) const { return c.Exec(kCountUsers).one().Int(0); }

bool UserStore::UsernameExists(db::Connection& c, std::string_view username) const {
  return !c.Exec(kUsernameExists, username).empty();
}

bool UserStore::EmailExists(db::Connection& c, std::string_view email) const {
  return !c.Exec(kEmailExists, email).empty();
}

bool UserStore::UpdatePasswordHash(db::Connection& c, core::UserId id, std::string_view password_hash,
                                   core::Millis now) const {
  return c.Exec(kUpdatePasswordHash, password_hash, now, id).affected > 0;
}

// --- Profiles and the social graph's counters -------------------------------

namespace {

// The public columns (PublicUserRow). WARNING: never email or password_hash —
// every post, feed, comment, message, notification and list query reads these
// (store/public_columns_dbtest.cpp holds them to it).
constexpr std::string_view kUserColumnNames[] = {
    "id",        "username",   "display_name",   "bio",             "website",    "avatar_key",
    "is_private", "post_count", "follower_count", "following_count", "created_at", "updated_at",
    "deactivated_at"};
static_assert(std::size(kUserColumnNames) == kUserColumnCount);
static_assert(kUserColumnNames[kUserIsPrivateColumn] == "is_private");
static_assert(kUserColumnNames[kUserPostCountColumn] == "post_count");

// coalesce($n, column): an absent field keeps the stored value.
constexpr std::string_view kUpdateProfile =
    "UPDATE users SET display_name = coalesce($2, display_name), bio = coalesce($3, bio), "
    "website = coalesce($4, website), is_private = coalesce($5, is_private), updated_at = $6 WHERE id = $1";

// The CHECK (... >= 0) constraints catch a counter that would go negative: a
// bug in the caller, never something to clamp silently.
constexpr std::string_view kAdjustFollowCounts =
    "UPDATE users SET follower_count = follower_count + $2, following_count = following_count + $3 "
    "WHERE id = $1 RETURNING follower_count, following_count";

}  // namespace

std::string UserColumns(std::string_view alias) {
  std::string out;
  for (const auto name : kUserColumnNames) {
    if (!out.empty()) out += ", ";
    out += alias;
    out += '.';
    out += name;
  }
  return out;
}

PublicUserRow ReadUserColumns(const db::Row& r, std::size_t first) {
  PublicUserRow u;
  u.id = core::UserId(r.Int(first + 0));
  u.username = r.Text(first + 1);
  u.display_name = r.Text(first + 2);
  u.bio = r.Text(first + 3);
  u.website = r.Text(first + 4);
  u.avatar_key = r.OptText(first + 5);
  u.is_private = r.Bool(first + 6);
  u.post_count = r.Int(first + 7);
  u.follower_count = r.Int(first + 8);
  u.following_count = r.Int(first + 9);
  u.created_at = r.Int(first + 10);
  u.updated_at = r.Int(first + 11);
  u.deactivated = !r.IsNull(first + 12);
  return u;
}

std::optional<UserRow> UserProfileStore::UpdateProfile(db::Connection& c, core::UserId id,
                                                       const ProfileUpdate& update) const {
  const auto result = c.Exec(kUpdateProfile, id, update.display_name, update.bio, update.website,
                             update.is_private, update.now);
  if (result.affected == 0) return std::nullopt;
  return UserStore().FindById(c, id);
}

std::optional<FollowCounts> UserProfileStore::AdjustFollowCounts(db::Connection& c, core::UserId id,
                                                                 std::int64_t follower_delta,
                                                                 std::int64_t following_delta) const {
  if (follower_delta == 0 && following_delta == 0) return std::nullopt;
  const auto row = c.Exec(kAdjustFollowCounts, id, follower_delta, following_delta).first();
  if (!row) return std::nullopt;
  return FollowCounts{.followers = row->Int(0), .following = row->Int(1)};
}

// --- Direct messages ----------------------------------------------------------

namespace {

constexpr std::string_view kSetLastSeen = "UPDATE users SET last_seen_at = $2 WHERE id = $1";

const std::string kFindPublicById = "SELECT " + UserColumns("u") + " FROM users u WHERE u.id = $1";
// lower(...) on both sides so the lookup uses users_username_lower.
const std::string kFindPublicByUsername =
    "SELECT " + UserColumns("u") + " FROM users u WHERE lower(u.username) = lower($1)";

// lower(...) on both sides so the lookup uses users_username_lower.
std::string FindByUsernamesSql(std::size_t n) {
  std::string in = "(";
  for (std::size_t i = 1; i <= n; ++i) in += (i > 1 ? ", lower($" : "lower($") + std::to_string(i) + ")";
  return "SELECT " + UserColumns("u") + " FROM users u WHERE lower(u.username) IN " + in + ")";
}

}  // namespace

std::optional<PublicUserRow> UserDirectoryStore::FindById(db::Connection& c, core::UserId id) const {
  const auto row = c.Exec(kFindPublicById, id).first();
  if (!row) return std::nullopt;
  return ReadUserColumns(*row);
}

std::optional<PublicUserRow> UserDirectoryStore::FindByUsername(db::Connection& c, std::string_view username) const {
  const auto row = c.Exec(kFindPublicByUsername, username).first();
  if (!row) return std::nullopt;
  return ReadUserColumns(*row);
}

std::vector<PublicUserRow> UserDirectoryStore::FindByUsernames(db::Connection& c,
                                                         const std::vector<std::string>& usernames) const {
  if (usernames.empty()) return {};
  // Padded to a size class (repeating the last name) so a connection prepares
  // one statement per class, not one per list length.
  const auto size = InListSize(usernames.size());
  std::vector<db::Value> params(usernames.begin(), usernames.end());
  while (params.size() < size) params.emplace_back(usernames.back());
  std::vector<PublicUserRow> out;
  for (const auto& row : c.Execute(FindByUsernamesSql(size), params).rows) out.push_back(ReadUserColumns(row));
  return out;
}

void UserDirectoryStore::SetLastSeen(db::Connection& c, core::UserId id, core::Millis at) const {
  c.Exec(kSetLastSeen, id, at);
}

}  // namespace lenslet::store

#include "store/search_store.hpp"

namespace lenslet::store {
namespace {

// The one dialect difference of search: how a prefix is matched so that an
// index serves it (migrations 0005). SQLite: a range on lower(col) in binary
// order, which its expression indexes serve (its LIKE optimisation needs a
// NOCASE column and no ESCAPE clause); the LIKE beside it is then only a
// cheap recheck. PostgreSQL: LIKE 'prefix%', served by text_pattern_ops
// indexes whatever the database collation; lower($2) there also folds
// non-ASCII letters, which SQLite's lower() leaves as they are on both sides.
//
// Parameters: $1 viewer, $2 LIKE pattern, $3 the exact term, $4 limit, and on
// SQLite $5/$6 the range [lower, upper).
#define LENSLET_FOUND_USER_TAIL                                                                           \
  "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $1 AND b.blocked_id = u.id) "            \
  "OR (b.blocker_id = u.id AND b.blocked_id = $1)) "                                                     \
  "ORDER BY CASE WHEN lower(u.username) = $3 THEN 0 ELSE 1 END, "                                        \
  "CASE WHEN mine.accepted = 1 THEN 0 ELSE 1 END, u.follower_count DESC, u.username LIMIT $4"

const std::string kUsersSqlite =
    "SELECT " + UserColumns("u") +
    ", mine.accepted, " + QuietFlagColumns("$1", "u.id") +
    " FROM users u "
    "LEFT JOIN follows mine ON mine.follower_id = $1 AND mine.followee_id = u.id "
    "WHERE ((lower(u.username) >= $5 AND lower(u.username) < $6 AND lower(u.username) LIKE $2 ESCAPE '\\') "
    "OR (lower(u.display_name) >= $5 AND lower(u.display_name) < $6 "
    "AND lower(u.display_name) LIKE $2 ESCAPE '\\')) " LENSLET_FOUND_USER_TAIL;

const std::string kUsersPostgres =
    "SELECT " + UserColumns("u") +
    ", mine.accepted, " + QuietFlagColumns("$1", "u.id") +
    " FROM users u "
    "LEFT JOIN follows mine ON mine.follower_id = $1 AND mine.followee_id = u.id "
    "WHERE (lower(u.username) LIKE lower($2) ESCAPE '\\' OR lower(u.display_name) LIKE lower($2) ESCAPE '\\') "
    LENSLET_FOUND_USER_TAIL;

#undef LENSLET_FOUND_USER_TAIL

// $1 LIKE pattern, $2 limit; SQLite $3/$4 the range.
constexpr std::string_view kTagsSqlite =
    "SELECT name, post_count FROM hashtags WHERE name >= $3 AND name < $4 AND name LIKE $1 ESCAPE '\\' "
    "AND post_count > 0 ORDER BY post_count DESC, name LIMIT $2";

constexpr std::string_view kTagsPostgres =
    "SELECT name, post_count FROM hashtags WHERE name LIKE lower($1) ESCAPE '\\' AND post_count > 0 "
    "ORDER BY post_count DESC, name LIMIT $2";

// The smallest string greater than every string that starts with `prefix`,
// in byte order: the last byte below 0xFF incremented (UTF-8 never holds 0xFF).
std::string UpperBound(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last < 0xFF) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return std::string(1, '\x7f');  // unreachable for a non-empty UTF-8 term
}

FollowState StateFromAccepted(std::optional<std::int64_t> accepted) {
  if (!accepted) return FollowState::kNone;
  return *accepted != 0 ? FollowState::kFollowing : FollowState::kRequested;
}

}  // namespace

std::string LikePrefixPattern(std::string_view term) {
  std::string out;
  out.reserve(term.size() + 2);
  for (const char ch : term) {
    if (ch == '\\' || ch == '%' || ch == '_') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

std::vector<FoundUser> SearchStore::Users(db::Connection& c, core::UserId viewer, std::string_view term,
                                          int limit) const {
  const auto pattern = LikePrefixPattern(term);
  const auto result = c.dialect() == db::Dialect::kSqlite
                          ? c.Exec(kUsersSqlite, viewer, pattern, term, limit, term, UpperBound(std::string(term)))
                          : c.Exec(kUsersPostgres, viewer, pattern, term, limit);
  std::vector<FoundUser> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    out.push_back({ReadUserColumns(row, 0), StateFromAccepted(row.OptInt(kUserColumnCount)),
                   ReadQuietFlags(row, kUserColumnCount + 1)});
  }
  return out;
}

std::vector<FoundTag> SearchStore::Tags(db::Connection& c, std::string_view term, int limit) const {
  const auto pattern = LikePrefixPattern(term);
  const auto result = c.dialect() == db::Dialect::kSqlite
                          ? c.Exec(kTagsSqlite, pattern, limit, term, UpperBound(std::string(term)))
                          : c.Exec(kTagsPostgres, pattern, limit);
  std::vector<FoundTag> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back({row.Text(0), row.Int(1)});
  return out;
}

}  // namespace lenslet::store

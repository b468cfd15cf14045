#include "store/quiet_store.hpp"

#include <limits>

#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kMute =
    "INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kUnmute = "DELETE FROM mutes WHERE muter_id = $1 AND muted_id = $2";
constexpr std::string_view kIsMuted = "SELECT 1 FROM mutes WHERE muter_id = $1 AND muted_id = $2";

constexpr std::string_view kRestrict =
    "INSERT INTO restricts (restrictor_id, restricted_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr std::string_view kUnrestrict = "DELETE FROM restricts WHERE restrictor_id = $1 AND restricted_id = $2";
constexpr std::string_view kIsRestricted =
    "SELECT 1 FROM restricts WHERE restrictor_id = $1 AND restricted_id = $2";

// One row whatever exists: the follow state is NULL when there is no follow.
const std::string kRelationOf =
    "SELECT (SELECT accepted FROM follows WHERE follower_id = $1 AND followee_id = $2), " +
    QuietFlagColumns("$1", "$2");

// $1 the owner of the list; $2/$3 the keyset position; $4 the limit. The
// owner is the viewer, so followedByMe comes from the owner's own follows.
std::string QuietListSql(std::string_view table, std::string_view owner, std::string_view listed) {
  const std::string t(table);
  const std::string o = "q." + std::string(owner);
  const std::string l = "q." + std::string(listed);
  return "SELECT " + UserColumns("u") + ", mine.accepted, " + QuietFlagColumns("$1", "u.id") +
         ", q.created_at FROM " + t + " q JOIN users u ON u.id = " + l +
         " LEFT JOIN follows mine ON mine.follower_id = $1 AND mine.followee_id = " + l + " WHERE " + o +
         " = $1 AND (q.created_at < $2 OR (q.created_at = $2 AND " + l + " < $3)) " +
         "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $1 AND b.blocked_id = " + l +
         ") OR (b.blocker_id = " + l + " AND b.blocked_id = $1)) ORDER BY q.created_at DESC, " + l +
         " DESC LIMIT $4";
}

const std::string kMutedList = QuietListSql("mutes", "muter_id", "muted_id");
const std::string kRestrictedList = QuietListSql("restricts", "restrictor_id", "restricted_id");

constexpr std::string_view kListWords = "SELECT word FROM hidden_words WHERE user_id = $1 ORDER BY word";
constexpr std::string_view kClearWords = "DELETE FROM hidden_words WHERE user_id = $1";

// ($1, $2), ($1, $3), ...: one statement per power-of-two size (the list is
// padded by repeating its last word, which ON CONFLICT then ignores).
std::string InsertWordsSql(std::size_t n) {
  std::string sql = "INSERT INTO hidden_words (user_id, word) VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) sql += ", ";
    sql += "($1, $" + std::to_string(i + 2) + ")";
  }
  return sql + " ON CONFLICT DO NOTHING";
}

FollowState StateFromAccepted(std::optional<std::int64_t> accepted) {
  if (!accepted) return FollowState::kNone;
  return *accepted != 0 ? FollowState::kFollowing : FollowState::kRequested;
}

std::vector<ListedUser> ReadQuietList(const db::Result& result) {
  std::vector<ListedUser> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    ListedUser listed;
    listed.user = ReadUserColumns(row, 0);
    listed.viewer_state = StateFromAccepted(row.OptInt(kUserColumnCount));
    listed.viewer_quiet = ReadQuietFlags(row, kUserColumnCount + 1);
    listed.position = {row.Int(kUserColumnCount + 1 + kQuietFlagColumnCount), listed.user.id};
    out.push_back(std::move(listed));
  }
  return out;
}

UserListPosition StartAfter(const std::optional<UserListPosition>& after) {
  if (after) return *after;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return {kMax, core::UserId(kMax)};
}

}  // namespace

ViewerRelation RelationOf(db::Connection& c, core::UserId viewer, core::UserId user) {
  const auto row = c.Exec(kRelationOf, viewer, user).one();
  return {.follow = StateFromAccepted(row.OptInt(0)), .quiet = ReadQuietFlags(row, 1)};
}

bool MuteStore::Mute(db::Connection& c, core::UserId muter, core::UserId muted, core::Millis now) const {
  return c.Exec(kMute, muter, muted, now).affected > 0;
}

bool MuteStore::Unmute(db::Connection& c, core::UserId muter, core::UserId muted) const {
  return c.Exec(kUnmute, muter, muted).affected > 0;
}

bool MuteStore::IsMuted(db::Connection& c, core::UserId muter, core::UserId muted) const {
  return !c.Exec(kIsMuted, muter, muted).empty();
}

std::vector<ListedUser> MuteStore::Muted(db::Connection& c, core::UserId muter,
                                         const std::optional<UserListPosition>& after, int limit) const {
  const auto start = StartAfter(after);
  return ReadQuietList(c.Exec(kMutedList, muter, start.since, start.user, limit));
}

bool RestrictStore::Restrict(db::Connection& c, core::UserId restrictor, core::UserId restricted,
                             core::Millis now) const {
  return c.Exec(kRestrict, restrictor, restricted, now).affected > 0;
}

bool RestrictStore::Unrestrict(db::Connection& c, core::UserId restrictor, core::UserId restricted) const {
  return c.Exec(kUnrestrict, restrictor, restricted).affected > 0;
}

bool RestrictStore::IsRestricted(db::Connection& c, core::UserId restrictor, core::UserId restricted) const {
  return !c.Exec(kIsRestricted, restrictor, restricted).empty();
}

std::vector<ListedUser> RestrictStore::Restricted(db::Connection& c, core::UserId restrictor,
                                                  const std::optional<UserListPosition>& after, int limit) const {
  const auto start = StartAfter(after);
  return ReadQuietList(c.Exec(kRestrictedList, restrictor, start.since, start.user, limit));
}

std::vector<std::string> HiddenWordStore::List(db::Connection& c, core::UserId user) const {
  const auto result = c.Exec(kListWords, user);
  std::vector<std::string> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(row.Text(0));
  return out;
}

void HiddenWordStore::Replace(db::Connection& c, core::UserId user, const std::vector<std::string>& words) const {
  c.Exec(kClearWords, user);
  if (words.empty()) return;
  const auto size = InListSize(words.size());
  std::vector<db::Value> params;
  params.reserve(size + 1);
  params.emplace_back(user.value);
  for (const auto& word : words) params.emplace_back(word);
  while (params.size() < size + 1) params.emplace_back(words.back());
  c.Execute(InsertWordsSql(size), params);
}

}  // namespace lenslet::store

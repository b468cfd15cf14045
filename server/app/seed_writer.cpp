#include "app/seed_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <iterator>
#include <map>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "store/role_store.hpp"
#include "store/user_store.hpp"

namespace lenslet::app {
namespace {

// A statement's rows go in VALUES lists of a power-of-two count up to
// kMaxRows (301 rows: 256 + 32 + 8 + 4 + 1): each distinct text is a
// statement prepared and cached per connection, so a table needs at most a
// dozen texts whatever the plan's sizes. And a statement takes at most
// MaxParameters(): PostgreSQL allows 65,535, but libpq 15 drops the
// connection ("lost synchronization with server") on a parameter description
// longer than 30,000 bytes, 4 bytes a parameter, which the backend reads when
// it prepares a statement. SQLite allows 32,766 (999 before 3.32), but the
// backend binds "$n" by name, and each lookup walks the statement's list of
// names: preparing costs the square of the count (a second of the seed's CPU
// at 7,000), while its statements are no round trips to save.
constexpr std::size_t kMaxRows = 1024;

std::size_t MaxParameters(db::Dialect dialect) { return dialect == db::Dialect::kPostgres ? 7'000 : 999; }

// Each text is "<head> VALUES (...), (...) <tail>"; counters are added with
// UPDATE ... FROM (VALUES ...) AS d, whose columns both dialects name
// column1, column2, ...; CAST because PostgreSQL cannot infer a parameter's
// type in a VALUES list that is not an INSERT's.
constexpr std::string_view kInsertUsers =
    "INSERT INTO users (username, email, password_hash, display_name, bio, is_private, role, created_at, "
    "updated_at)";
constexpr std::string_view kReturningUsers = "RETURNING id, username";
constexpr std::string_view kInsertFollows =
    "INSERT INTO follows (follower_id, followee_id, accepted, created_at)";
constexpr std::string_view kBulkLoad = "SELECT set_config('lenslet.bulk_load', 'on', true)";
constexpr std::string_view kCountFollows =
    "UPDATE users SET follower_count = follower_count + d.column2, "
    "following_count = following_count + d.column3 FROM";
constexpr std::string_view kCountPosts = "UPDATE users SET post_count = post_count + d.column2 FROM";
constexpr std::string_view kCountedUsers = "AS d WHERE users.id = d.column1";
constexpr std::string_view kInsertPosts =
    "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at)";
constexpr std::string_view kReturningPosts = "RETURNING id, created_at";
constexpr std::string_view kAddBlobRefs = "INSERT INTO media_blobs (key, ref_count)";
constexpr std::string_view kOnBlobConflict =
    "ON CONFLICT (key) DO UPDATE SET ref_count = media_blobs.ref_count + excluded.ref_count";
constexpr std::string_view kInsertMedia =
    "INSERT INTO post_media (post_id, position, width, height, alt, placeholder, average_colour)";
constexpr std::string_view kInsertVariants =
    "INSERT INTO post_media_variants (post_id, position, rank, blob_key, width, height, mime_type)";
constexpr std::string_view kCountTags = "INSERT INTO hashtags (name, post_count)";
constexpr std::string_view kOnTagConflict =
    "ON CONFLICT (name) DO UPDATE SET post_count = hashtags.post_count + excluded.post_count "
    "RETURNING id, name";
constexpr std::string_view kInsertPostTags = "INSERT INTO post_hashtags (post_id, hashtag_id, created_at)";
constexpr std::string_view kInsertLikes = "INSERT INTO likes (user_id, post_id, created_at)";
constexpr std::string_view kInsertComments =
    "INSERT INTO comments (post_id, author_id, text, created_at, restricted)";
constexpr std::string_view kInsertSessions =
    "INSERT INTO sessions (user_id, created_at, last_seen_at, expires_at, user_agent, ip)";
constexpr std::string_view kReturningSessions = "RETURNING id, user_id";
constexpr std::string_view kInsertRefreshTokens =
    "INSERT INTO refresh_tokens (token_hash, session_id, created_at)";

db::Value Cell(std::int64_t v) { return v; }
db::Value Cell(bool v) { return std::int64_t{v ? 1 : 0}; }
db::Value Cell(std::string v) { return v; }
db::Value Cell(std::string_view v) { return std::string(v); }
template <typename Tag>
db::Value Cell(core::Id<Tag> id) {
  return id.value;
}

// Rows of one statement kind, flattened.
class Rows {
 public:
  explicit Rows(std::size_t columns) : columns_(columns) {}

  template <typename... Args>
  void Add(Args&&... args) {
    static_assert(sizeof...(Args) > 0);
    if (sizeof...(Args) != columns_) throw std::logic_error("seed: a row of the wrong width");
    (values_.push_back(Cell(std::forward<Args>(args))), ...);
  }

  std::size_t columns() const { return columns_; }
  std::size_t size() const { return values_.size() / columns_; }
  std::span<const db::Value> Slice(std::size_t first_row, std::size_t rows) const {
    return std::span<const db::Value>(values_).subspan(first_row * columns_, rows * columns_);
  }

 private:
  std::size_t columns_;
  std::vector<db::Value> values_;
};

// "<head> VALUES ($1, $2), ($3, $4) <tail>"; `typed` wraps each parameter in CAST(... AS BIGINT).
std::string ValuesSql(std::string_view head, std::size_t columns, std::size_t rows, std::string_view tail,
                      bool typed) {
  std::string sql(head);
  sql += typed ? " (VALUES " : " VALUES ";
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t k = 0; k < columns; ++k) {
      if (k > 0) sql += ", ";
      if (typed) sql += "CAST(";
      sql += '$';
      sql += std::to_string(++n);
      if (typed) sql += " AS BIGINT)";
    }
    sql += ')';
  }
  if (typed) sql += ')';
  if (!tail.empty()) {
    sql += ' ';
    sql += tail;
  }
  return sql;
}

// Runs "<head> VALUES ... <tail>" over all `rows`, in as few statements as the
// sizes above allow; returns what the statements returned, in their order.
std::vector<db::Row> Execute(db::Connection& c, std::string_view head, const Rows& rows,
                             std::string_view tail, bool typed = false) {
  std::vector<db::Row> out;
  const auto most = std::bit_floor(std::min(kMaxRows, MaxParameters(c.dialect()) / rows.columns()));
  for (std::size_t done = 0; done < rows.size();) {
    const auto count = std::min(most, std::bit_floor(rows.size() - done));
    auto result = c.Execute(ValuesSql(head, rows.columns(), count, tail, typed), rows.Slice(done, count));
    std::move(result.rows.begin(), result.rows.end(), std::back_inserter(out));
    done += count;
  }
  return out;
}

}  // namespace

std::unordered_set<std::string> SeedWriter::TakenUsernames(const std::vector<std::string>& usernames) {
  std::unordered_set<std::string> taken;
  for (const auto& user : store::UserDirectoryStore().FindByUsernames(c_, usernames)) {
    auto name = user.username;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    taken.insert(std::move(name));
  }
  return taken;
}

std::vector<core::UserId> SeedWriter::InsertAccounts(const std::vector<SeedAccount>& accounts,
                                                     const std::string& password_hash, core::Millis now) {
  Rows rows(9);
  for (const auto& a : accounts) {
    rows.Add(a.username, a.username + "@demo.lenslet.invalid", password_hash, a.display_name, a.bio,
             a.is_private, store::RoleName(store::Role::kUser), now, now);
  }
  // Matched by username: neither dialect promises RETURNING's order.
  std::unordered_map<std::string, core::UserId> by_name;
  for (const auto& row : Execute(c_, kInsertUsers, rows, kReturningUsers)) {
    by_name.emplace(row.Text(1), core::UserId(row.Int(0)));
  }
  std::vector<core::UserId> ids;
  ids.reserve(accounts.size());
  for (const auto& a : accounts) ids.push_back(by_name.at(a.username));
  return ids;
}

void SeedWriter::InsertFollows(const std::vector<SeedFollow>& follows) {
  Rows rows(4);
  // Per user, ascending by id (the order the stores lock users in): {followers, following}.
  std::map<std::int64_t, std::array<std::int64_t, 2>> counts;
  for (const auto& f : follows) {
    rows.Add(f.follower, f.followee, f.accepted, f.at);
    if (!f.accepted) continue;
    ++counts[f.followee.value][0];
    ++counts[f.follower.value][1];
  }
  // PostgreSQL's follows trigger takes a lock per pair until the unit ends
  // (migration 0025, against a concurrent block): a unit's tens of thousands
  // of follows would overflow the server's lock table. New accounts nobody
  // could have blocked yet: the unit skips it.
  if (c_.dialect() == db::Dialect::kPostgres) c_.Exec(kBulkLoad);
  Execute(c_, kInsertFollows, rows, {});
  Rows count_rows(3);
  for (const auto& [id, n] : counts) count_rows.Add(id, n[0], n[1]);
  Execute(c_, kCountFollows, count_rows, kCountedUsers, true);
}

void SeedWriter::InsertPosts(const std::vector<SeedPost>& posts) {
  if (posts.empty()) return;
  Rows post_rows(5);
  for (const auto& p : posts) {
    post_rows.Add(p.author, p.caption, static_cast<std::int64_t>(p.likers.size()),
                  static_cast<std::int64_t>(p.comments.size()), p.at);
  }
  // Matched by time, which the plan keeps distinct among one call's posts.
  std::unordered_map<std::int64_t, core::PostId> by_time;
  for (const auto& row : Execute(c_, kInsertPosts, post_rows, kReturningPosts)) {
    by_time.emplace(row.Int(1), core::PostId(row.Int(0)));
  }
  if (by_time.size() != posts.size()) throw std::logic_error("seed: two posts of one unit share a time");

  // The blob rows first: the renditions reference them. Sorted by key, as
  // MediaStore::AddRefs takes them.
  std::map<std::string, std::int64_t> refs;
  std::map<std::string, std::int64_t> tags;
  std::map<std::int64_t, std::int64_t> post_counts;  // per author, ascending by id
  for (const auto& p : posts) {
    for (const auto* media : p.media) {
      for (const auto& v : media->variants) ++refs[v.key];
    }
    for (const auto& tag : p.hashtags) ++tags[tag];
    ++post_counts[p.author.value];
  }
  Rows blob_rows(2);
  for (const auto& [key, n] : refs) blob_rows.Add(key, n);
  Execute(c_, kAddBlobRefs, blob_rows, kOnBlobConflict);

  Rows tag_rows(2);
  for (const auto& [name, n] : tags) tag_rows.Add(name, n);
  std::unordered_map<std::string, std::int64_t> tag_ids;
  for (const auto& row : Execute(c_, kCountTags, tag_rows, kOnTagConflict))
    tag_ids.emplace(row.Text(1), row.Int(0));

  Rows media_rows(7);
  Rows variant_rows(7);
  Rows post_tag_rows(3);
  Rows like_rows(3);
  Rows comment_rows(5);
  for (const auto& p : posts) {
    const auto id = by_time.at(p.at);
    for (std::size_t i = 0; i < p.media.size(); ++i) {
      const auto& media = *p.media[i];
      const auto position = static_cast<std::int64_t>(i);
      media_rows.Add(id, position, std::int64_t{media.width}, std::int64_t{media.height}, media.alt,
                     media.placeholder, media.average_colour);
      for (std::size_t rank = 0; rank < media.variants.size(); ++rank) {
        const auto& v = media.variants[rank];
        variant_rows.Add(id, position, static_cast<std::int64_t>(rank), v.key, std::int64_t{v.width},
                         std::int64_t{v.height}, v.mime_type);
      }
    }
    for (const auto& tag : p.hashtags) post_tag_rows.Add(id, tag_ids.at(tag), p.at);
    for (const auto liker : p.likers) like_rows.Add(liker, id, p.liked_at);
    for (const auto& comment : p.comments)
      comment_rows.Add(id, comment.author, comment.text, p.commented_at, false);
  }
  Execute(c_, kInsertMedia, media_rows, {});
  Execute(c_, kInsertVariants, variant_rows, {});
  Execute(c_, kInsertPostTags, post_tag_rows, {});
  Execute(c_, kInsertLikes, like_rows, {});
  Execute(c_, kInsertComments, comment_rows, {});
  Rows count_rows(2);
  for (const auto& [id, n] : post_counts) count_rows.Add(id, n);
  Execute(c_, kCountPosts, count_rows, kCountedUsers, true);
}

std::vector<core::SessionId> SeedWriter::InsertSessions(const std::vector<SeedLogin>& logins,
                                                        core::Millis now, core::Millis expires_at,
                                                        const std::string& user_agent,
                                                        const std::string& address) {
  Rows session_rows(6);
  for (const auto& login : logins) session_rows.Add(login.user, now, now, expires_at, user_agent, address);
  // Matched by user: one login each.
  std::unordered_map<std::int64_t, core::SessionId> by_user;
  for (const auto& row : Execute(c_, kInsertSessions, session_rows, kReturningSessions)) {
    by_user.emplace(row.Int(1), core::SessionId(row.Int(0)));
  }
  std::vector<core::SessionId> sessions;
  Rows token_rows(3);
  for (const auto& login : logins) {
    sessions.push_back(by_user.at(login.user.value));
    token_rows.Add(login.refresh_token_hash, sessions.back(), now);
  }
  Execute(c_, kInsertRefreshTokens, token_rows, {});
  return sessions;
}

}  // namespace lenslet::app

#include "store/feed_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "store/post_store.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();

// "author blocked the viewer or the viewer blocked the author"; $1 is the viewer.
#define LENSLET_BLOCKED_EITHER_WAY(author)                                             \
  "EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $1 AND b.blocked_id = " author \
  ") "                                                                                 \
  "OR (b.blocker_id = " author " AND b.blocked_id = $1))"

// Keyset position "(at, id) < (at_param, id_param)" for lists newest first by
// date (imported posts keep their original dates, so ids are not in date
// order). Written as a range on the date first, which both databases serve
// from the (…, created_at, id) indexes of migration 0018.
#define LENSLET_BEFORE(at, id, at_param, id_param) \
  "(" at " <= " at_param " AND (" at " < " at_param " OR " id " < " id_param "))"

// The author list is a subquery on the indexed posts.author_id, so both
// databases walk posts_author (author_id, id) once per followee from the
// cursor down instead of scanning every post (the CAST types the bare
// parameter for PostgreSQL). Blocks need no filter here:
// blocking removes the follows both ways in the same unit (api/users/block.cpp).
// Muted, suspended and deactivated followees leave the author list (API.md
// "Mute"), checked per followee, never per post. As NOT IN lists, not
// correlated NOT EXISTS: both databases read the viewer's mutes and the
// hidden accounts (a few rows: the partial index users_deactivated and the
// suspensions) once per statement into a hashed set, instead of three b-tree
// probes per followee — 0.11 → 0.06 ms for SQLite's whole statement on the
// capacity network. Neither list holds a NULL, so NOT IN means "not among".
#define LENSLET_HOME_AUTHORS \
  "SELECT CAST($1 AS BIGINT) AS author WHERE " LENSLET_NOT_SUSPENDED("$1") " "                         \
  "UNION ALL SELECT f.followee_id FROM follows f WHERE f.follower_id = $1 AND f.accepted = 1 "         \
  "AND f.followee_id NOT IN (SELECT m.muted_id FROM mutes m WHERE m.muter_id = $1) "                   \
  "AND f.followee_id NOT IN (SELECT sa.user_id FROM hidden_accounts sa)"

// The home page by fan-out on read, `extra` a further condition on the
// posts q (kHome), as SQLite plans it (per author already).
#define LENSLET_HOME(extra)                                                                   \
  "SELECT q.id FROM posts q WHERE q.author_id IN (" LENSLET_HOME_AUTHORS ") "                \
  "AND " LENSLET_BEFORE("q.created_at", "q.id", "$2", "$3") extra " "                        \
  "ORDER BY q.created_at DESC, q.id DESC LIMIT $4"

// PostgreSQL's generic plan for LENSLET_HOME (what a prepared statement runs after
// five executions) walks posts_created backwards and tests each post against
// the author list: 3,451 posts for one page on 1,500 people × 3 posts, 2 ms of
// PostgreSQL's CPU per feed page, the largest statement of the capacity mix.
// A lateral join leaves it no such choice: each author's newest $4 posts
// before the cursor (an index-only scan of posts_author per author), then
// the newest $4 of those. It also stops reading an author's older posts.
// SQLite has no LATERAL, and plans LENSLET_HOME per author already.
#define LENSLET_HOME_LATERAL(extra)                                                           \
  "SELECT p.id FROM (" LENSLET_HOME_AUTHORS ") a "                                           \
  "CROSS JOIN LATERAL (SELECT q.id, q.created_at FROM posts q WHERE q.author_id = a.author " \
  "AND " LENSLET_BEFORE("q.created_at", "q.id", "$2", "$3") extra " "                        \
  "ORDER BY q.created_at DESC, q.id DESC LIMIT $4) p "                                       \
  "ORDER BY p.created_at DESC, p.id DESC LIMIT $4"

// The rule (FeedStore::Home).
constexpr std::string_view kHome = LENSLET_HOME("");
constexpr std::string_view kHomeLateral = LENSLET_HOME_LATERAL("");

// The same pages from home_feed (store/home_feed_store.hpp): one range of
// the viewer's rows within their window, each checked again as
// LENSLET_HOME_AUTHORS checks an author — the follow accepted (or the
// viewer's own), not muted, not hidden — so a row left by an unfollow, a
// block or a race shows nothing. Below the window, kHomeBelowWindow*.
constexpr std::string_view kHomeFeed =
    "SELECT h.post_id AS id FROM home_feed h "
    "WHERE h.owner_id = $1 AND h.created_at >= (SELECT o.feed_since FROM users o WHERE o.id = $1) "
    "AND " LENSLET_BEFORE("h.created_at", "h.post_id", "$2", "$3") " "
    "AND h.author_id NOT IN (SELECT m.muted_id FROM mutes m WHERE m.muter_id = $1) "
    "AND h.author_id NOT IN (SELECT sa.user_id FROM hidden_accounts sa) "
    "AND (h.author_id = $1 OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 "
    "AND f.followee_id = h.author_id AND f.accepted = 1)) "
    "ORDER BY h.created_at DESC, h.post_id DESC LIMIT $4";

// The rule below the viewer's window: the posts home_feed need not hold.
// Nothing when the window is open (feed_since 0).
#define LENSLET_BELOW_WINDOW " AND q.created_at < (SELECT o.feed_since FROM users o WHERE o.id = $1)"
constexpr std::string_view kHomeBelowWindow = LENSLET_HOME(LENSLET_BELOW_WINDOW);
constexpr std::string_view kHomeBelowWindowLateral = LENSLET_HOME_LATERAL(LENSLET_BELOW_WINDOW);
#undef LENSLET_BELOW_WINDOW
#undef LENSLET_HOME_LATERAL
#undef LENSLET_HOME

constexpr std::string_view kByAuthor =
    "SELECT id FROM posts WHERE author_id = $1 AND " LENSLET_BEFORE("created_at", "id", "$2", "$3") " "
    "ORDER BY created_at DESC, id DESC LIMIT $4";

// kByAuthor with the viewer as $1, for PostStore::LoadDated (its flags).
constexpr std::string_view kByAuthorForViewer =
    "SELECT id FROM posts WHERE author_id = $2 AND " LENSLET_BEFORE("created_at", "id", "$3", "$4") " "
    "ORDER BY created_at DESC, id DESC LIMIT $5";

// Private accounts' posts never appear on tag pages, whoever asks (API.md
// "Privacy"), so the page is the same for everyone but blocked users.
constexpr std::string_view kTagged =
    "SELECT ph.post_id FROM hashtags h "
    "JOIN post_hashtags ph ON ph.hashtag_id = h.id "
    "JOIN posts p ON p.id = ph.post_id "
    "JOIN users u ON u.id = p.author_id "
    "WHERE h.name = $2 AND " LENSLET_BEFORE("ph.created_at", "ph.post_id", "$3", "$4") " AND u.is_private = 0 "
    "AND " LENSLET_NOT_SUSPENDED("u.id") " AND NOT " LENSLET_BLOCKED_EITHER_WAY("p.author_id") " "
    "ORDER BY ph.created_at DESC, ph.post_id DESC LIMIT $5";

// What explore leaves out for viewer $1 besides private and suspended authors:
// accounts the viewer follows or asked to follow, and blocks either way.
#define LENSLET_EXPLORE_MAY_SHOW(author)                                                     \
  "NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 AND f.followee_id = " author \
  ") "                                                                                       \
  "AND NOT " LENSLET_BLOCKED_EITHER_WAY(author)

// $1 viewer (0: anonymous), $2 as_of, $3 window start, $4/$5 cursor, $6 limit.
// The score is ExploreScore(); `as_of` comes from the first page's cursor, so
// ages (and hence scores) do not drift while the caller pages, and posts newer
// than the snapshot wait for the next refresh instead of shifting the pages.
constexpr std::string_view kExplore =
    "SELECT id, score FROM ("
    "SELECT p.id, ((CASE WHEN p.like_count + 2 * p.comment_count > 1000000 THEN 1000000 "
    "ELSE p.like_count + 2 * p.comment_count END) + 1) * 1000000000000 / ($2 - p.created_at + 7200000) AS score "
    "FROM posts p JOIN users u ON u.id = p.author_id "
    "WHERE p.created_at > $3 AND p.created_at <= $2 AND p.author_id <> $1 AND u.is_private = 0 "
    "AND " LENSLET_NOT_SUSPENDED("u.id") " "
    "AND " LENSLET_EXPLORE_MAY_SHOW("p.author_id") ") ranked "
    "WHERE score < $4 OR (score = $4 AND id < $5) "
    "ORDER BY score DESC, id DESC LIMIT $6";

// Explore's rule for one post but the window and ranking ($1 viewer, the ids
// from $2 on): for a ranking computed a moment ago, checked again now.
// Of posts p by authors u: those among $2… that explore may show viewer $1.
std::string ExploreAmongCondition(std::size_t count) {
  return "p.id IN " + InList(2, count) +
         " AND p.author_id <> $1 AND u.is_private = 0 AND " LENSLET_NOT_SUSPENDED("u.id") " AND " +
         std::string(LENSLET_EXPLORE_MAY_SHOW("p.author_id"));
}

std::string ExploreAmongSql(std::size_t count) {
  return "SELECT p.id FROM posts p JOIN users u ON u.id = p.author_id WHERE " + ExploreAmongCondition(count);
}

// Saved posts the viewer may still see: their own, public accounts', and
// private accounts' they follow (accepted); never blocked-either-way authors.
constexpr std::string_view kSaved =
    "SELECT s.post_id, s.created_at FROM saves s "
    "JOIN posts p ON p.id = s.post_id "
    "JOIN users u ON u.id = p.author_id "
    "WHERE s.user_id = $1 AND (s.created_at < $2 OR (s.created_at = $2 AND s.post_id < $3)) "
    "AND " LENSLET_NOT_SUSPENDED("u.id") " "
    "AND (p.author_id = $1 OR u.is_private = 0 OR EXISTS (SELECT 1 FROM follows f "
    "WHERE f.follower_id = $1 AND f.followee_id = p.author_id AND f.accepted = 1)) "
    "AND NOT " LENSLET_BLOCKED_EITHER_WAY("p.author_id") " "
    "ORDER BY s.created_at DESC, s.post_id DESC LIMIT $4";

#undef LENSLET_EXPLORE_MAY_SHOW
#undef LENSLET_BLOCKED_EITHER_WAY
#undef LENSLET_BEFORE

std::vector<core::PostId> Ids(const db::Result& result) {
  std::vector<core::PostId> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.emplace_back(row.Int(0));
  return out;
}

std::int64_t BeforeAt(const std::optional<PostPosition>& before) {
  return before ? before->created_at : kMaxId;
}
std::int64_t BeforeId(const std::optional<PostPosition>& before) {
  return before ? before->id.value : kMaxId;
}

}  // namespace

std::int64_t ExploreScore(std::int64_t likes, std::int64_t comments, core::Millis age_ms) {
  const std::int64_t engagement = std::min<std::int64_t>(likes + 2 * comments, 1'000'000);
  return (engagement + 1) * 1'000'000'000'000 / (age_ms + 7'200'000);
}

std::vector<core::PostId> FeedStore::Home(db::Connection& c, core::UserId viewer,
                                          const std::optional<PostPosition>& before, int limit) const {
  const auto sql = c.dialect() == db::Dialect::kPostgres ? kHomeLateral : kHome;
  return Ids(c.Exec(sql, viewer, BeforeAt(before), BeforeId(before), limit));
}

std::vector<PostRow> FeedStore::HomePosts(db::Connection& c, core::UserId viewer,
                                          const std::optional<PostPosition>& before, int limit) const {
  auto window = HomeFeedPosts(c, viewer, before, limit);
  if (!window.NeedsBelow(limit)) return std::move(window.posts);
  return MergeHomePages(std::move(window.posts), HomeBelowWindowPosts(c, viewer, before, limit), limit);
}

bool HomeWindowPage::NeedsBelow(int limit) const {
  // A short page ends the feed unless older posts lie below the window; an
  // empty one does not say where the window is.
  return std::ssize(posts) < limit && (posts.empty() || feed_since > 0);
}

HomeWindowPage FeedStore::HomeFeedPosts(db::Connection& c, core::UserId viewer,
                                        const std::optional<PostPosition>& before, int limit) const {
  static const std::string sql = DatedPostsSqlWithViewerColumn(kHomeFeed, "o.feed_since");
  const std::array<db::Value, 4> params{viewer.value, BeforeAt(before), BeforeId(before),
                                        std::int64_t{limit}};
  HomeWindowPage page;
  page.posts = PostStore().LoadDated(c, sql, params, page.feed_since);
  return page;
}

std::vector<PostRow> FeedStore::HomeBelowWindowPosts(db::Connection& c, core::UserId viewer,
                                                     const std::optional<PostPosition>& before,
                                                     int limit) const {
  static const std::string sqlite = DatedPostsSql(kHomeBelowWindow);
  static const std::string postgres = DatedPostsSql(kHomeBelowWindowLateral);
  const std::array<db::Value, 4> params{viewer.value, BeforeAt(before), BeforeId(before),
                                        std::int64_t{limit}};
  return PostStore().LoadDated(c, c.dialect() == db::Dialect::kPostgres ? postgres : sqlite, params);
}

std::vector<PostRow> MergeHomePages(std::vector<PostRow> window, std::vector<PostRow> below, int limit) {
  std::unordered_set<std::int64_t> seen;
  for (const auto& post : window) seen.insert(post.id.value);
  for (auto& post : below) {
    if (seen.insert(post.id.value).second) window.push_back(std::move(post));
  }
  std::stable_sort(window.begin(), window.end(), [](const PostRow& a, const PostRow& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id.value > b.id.value;
  });
  if (std::ssize(window) > limit) window.resize(static_cast<std::size_t>(limit));
  return window;
}

std::vector<core::PostId> FeedStore::ByAuthor(db::Connection& c, core::UserId author,
                                              const std::optional<PostPosition>& before, int limit) const {
  return Ids(c.Exec(kByAuthor, author, BeforeAt(before), BeforeId(before), limit));
}

std::vector<PostRow> FeedStore::ByAuthorPosts(db::Connection& c, core::UserId viewer, core::UserId author,
                                              const std::optional<PostPosition>& before, int limit) const {
  static const std::string sql = DatedPostsSql(kByAuthorForViewer);
  const std::array<db::Value, 5> params{viewer.value, author.value, BeforeAt(before), BeforeId(before),
                                        std::int64_t{limit}};
  return PostStore().LoadDated(c, sql, params);
}

std::vector<core::PostId> FeedStore::Tagged(db::Connection& c, std::string_view tag, core::UserId viewer,
                                            const std::optional<PostPosition>& before, int limit) const {
  return Ids(c.Exec(kTagged, viewer, tag, BeforeAt(before), BeforeId(before), limit));
}

std::vector<RankedPost> FeedStore::Explore(db::Connection& c, core::UserId viewer, core::Millis as_of,
                                           const std::optional<ExplorePosition>& after, int limit) const {
  const auto score = after ? after->score : kMaxId;
  const auto id = after ? after->id.value : kMaxId;
  const auto result = c.Exec(kExplore, viewer, as_of, as_of - kExploreWindowMs, score, id, limit);
  std::vector<RankedPost> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back({core::PostId(row.Int(0)), row.Int(1)});
  return out;
}

namespace {

// $1 the viewer, then `ids` padded to a size class (repeating the last id) so
// a connection prepares one statement per class, not one per length.
std::vector<db::Value> ViewerAndIds(core::UserId viewer, std::span<const core::PostId> ids) {
  const auto size = InListSize(ids.size());
  std::vector<db::Value> params;
  params.reserve(size + 1);
  params.emplace_back(viewer.value);
  for (const auto id : ids) params.emplace_back(id.value);
  while (params.size() < size + 1) params.emplace_back(ids.back().value);
  return params;
}

}  // namespace

std::vector<PostRow> FeedStore::ExploreAmongPosts(db::Connection& c, core::UserId viewer,
                                                  std::span<const core::PostId> ids) const {
  if (ids.empty()) return {};
  // The statement's text per in-list size class (1, 2, 4, … 1024), built
  // once: a connection prepares statements by their text.
  static const auto texts = [] {
    std::array<std::string, 11> out;
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = DatedPostsWhereSql(ExploreAmongCondition(std::size_t{1} << i));
    }
    return out;
  }();
  const auto size = InListSize(ids.size());
  const auto size_class = static_cast<std::size_t>(std::countr_zero(size));
  const std::string larger =
      size_class < texts.size() ? std::string() : DatedPostsWhereSql(ExploreAmongCondition(size));
  const std::string_view sql = size_class < texts.size() ? std::string_view(texts[size_class]) : larger;
  auto shown = PostStore().LoadDated(c, sql, ViewerAndIds(viewer, ids));
  std::unordered_map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < ids.size(); ++i) at.emplace(ids[i].value, i);
  std::sort(shown.begin(), shown.end(),
            [&](const PostRow& a, const PostRow& b) { return at.at(a.id.value) < at.at(b.id.value); });
  return shown;
}

std::vector<core::PostId> FeedStore::ExploreAmong(db::Connection& c, core::UserId viewer,
                                                  std::span<const core::PostId> ids) const {
  if (ids.empty()) return {};
  const auto size = InListSize(ids.size());
  const auto params = ViewerAndIds(viewer, ids);
  std::unordered_set<std::int64_t> shown;
  for (const auto& row : c.Execute(ExploreAmongSql(size), params).rows) shown.insert(row.Int(0));
  std::vector<core::PostId> out;
  out.reserve(shown.size());
  for (const auto id : ids) {
    if (shown.erase(id.value) > 0) out.push_back(id);
  }
  return out;
}

std::vector<SavedPost> FeedStore::Saved(db::Connection& c, core::UserId viewer,
                                        const std::optional<SavedPosition>& after, int limit) const {
  const auto saved_at = after ? after->saved_at : kMaxId;
  const auto id = after ? after->id.value : kMaxId;
  const auto result = c.Exec(kSaved, viewer, saved_at, id, limit);
  std::vector<SavedPost> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back({core::PostId(row.Int(0)), row.Int(1)});
  return out;
}

}  // namespace lenslet::store

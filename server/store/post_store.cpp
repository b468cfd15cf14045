#include "store/post_store.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "store/detail/media_rows.hpp"
#include "store/hashtag_store.hpp"
#include "store/home_feed_store.hpp"
#include "store/id_high_water.hpp"
#include "store/media_store.hpp"
#include "store/post_media_cache.hpp"
#include "store/report_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kInsertPost =
    "INSERT INTO posts (author_id, caption, like_count, comment_count, created_at) VALUES ($1, $2, 0, 0, $3) "
    "RETURNING id";
// SQLite would give a deleted newest post's id again (max(rowid) + 1): the
// next id above the highest ever given instead (store/id_high_water.hpp).
constexpr std::string_view kInsertPostSqlite =
    "INSERT INTO posts (id, author_id, caption, like_count, comment_count, created_at) "
    "VALUES (" LENSLET_NEXT_ID("posts") ", $1, $2, 0, 0, $3) RETURNING id";

constexpr std::string_view kInsertMedia =
    "INSERT INTO post_media (post_id, position, width, height, alt, placeholder, average_colour) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

constexpr std::string_view kInsertVariant =
    "INSERT INTO post_media_variants (post_id, position, rank, blob_key, width, height, mime_type) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

constexpr std::string_view kCountPost = "UPDATE users SET post_count = post_count + $2 WHERE id = $1";
// A new post's count, and its author's followers for the fan-out.
constexpr std::string_view kCountNewPost =
    "UPDATE users SET post_count = post_count + 1 WHERE id = $1 RETURNING follower_count";

constexpr std::string_view kCaptionOf = "SELECT caption FROM posts WHERE id = $1";
constexpr std::string_view kSetCaption = "UPDATE posts SET caption = $2 WHERE id = $1";
constexpr std::string_view kAltsOf =
    "SELECT position, alt FROM post_media WHERE post_id = $1 ORDER BY position";
constexpr std::string_view kSetAlt = "UPDATE post_media SET alt = $3 WHERE post_id = $1 AND position = $2";
// Strictly later than the last edit even when the clock says otherwise (two
// edits in one millisecond, a clock set back): edited_at is what tells a
// cached copy of the post's images or rendered JSON from the current ones
// (post_keyed_cache.hpp).
constexpr std::string_view kMarkEdited =
    "UPDATE posts SET edited_at = CASE WHEN edited_at >= $2 THEN edited_at + 1 ELSE $2 END WHERE id = $1";
constexpr std::string_view kImageCount = "SELECT count(*) FROM post_media WHERE post_id = $1";

constexpr std::string_view kFindHeader = "SELECT id, author_id FROM posts WHERE id = $1";

constexpr std::string_view kLockAuthor = "SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE";

constexpr std::string_view kBlobsOf = "SELECT blob_key FROM post_media_variants WHERE post_id = $1";

// Notifications have no foreign key to posts (0003 predates them).
constexpr std::string_view kDeleteNotifications = "DELETE FROM notifications WHERE post_id = $1";

// Media, variants, likes, comments, saves and post_hashtags go by ON DELETE CASCADE.
constexpr std::string_view kDeletePost = "DELETE FROM posts WHERE id = $1 RETURNING author_id";

std::string PagePostsSql(std::size_t n) {
  return "SELECT p.id, p.caption, p.like_count, p.comment_count, p.created_at, p.edited_at, " +
         UserColumns("u") + " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id IN " + InList(1, n);
}

// One row per rendition, in order; a post without images gives one row of
// NULL image columns, and a post that no longer exists none. The post's
// edited_at comes last: the images are cached under the edited_at read with
// them, which a read in a later snapshot than the page's needs (ReadMedia).
std::string PageMediaSql(std::size_t n) {
  return "SELECT p.id, m.position, m.width, m.height, m.alt, m.placeholder, m.average_colour, "
         "v.blob_key, v.width, v.height, v.mime_type, p.edited_at FROM posts p "
         "LEFT JOIN post_media m ON m.post_id = p.id "
         "LEFT JOIN post_media_variants v ON v.post_id = m.post_id AND v.position = m.position "
         "WHERE p.id IN " +
         InList(1, n) + " ORDER BY p.id, m.position, v.rank";
}
constexpr std::size_t kMediaEditedAtColumn = 11;

// The columns PagePostsSql and DatedPostsSql start with.
PostRow ReadPostColumns(const db::Row& r) {
  PostRow post;
  post.id = core::PostId(r.Int(0));
  post.caption = r.Text(1);
  post.like_count = r.Int(2);
  post.comment_count = r.Int(3);
  post.created_at = r.Int(4);
  post.edited_at = r.OptInt(5);
  post.author = ReadUserColumns(r, 6);
  return post;
}
constexpr std::size_t kDatedLikedColumn = 6 + kUserColumnCount;

// A row of DatedPostsSql's columns: the post, its author, the viewer's flags.
PostRow ReadDatedRow(const db::Row& r) {
  auto post = ReadPostColumns(r);
  post.liked_by_me = r.Bool(kDatedLikedColumn);
  post.saved_by_me = r.Bool(kDatedLikedColumn + 1);
  return post;
}

// $1 the viewer; kind 0 a like, 1 a save.
std::string PageFlagsSql(std::size_t n) {
  const auto in = InList(2, n);
  return "SELECT post_id, 0 FROM likes WHERE user_id = $1 AND post_id IN " + in +
         " UNION ALL SELECT post_id, 1 FROM saves WHERE user_id = $1 AND post_id IN " + in;
}

std::vector<db::Value> PaddedIds(std::span<const core::PostId> ids) {
  std::vector<db::Value> out;
  const auto size = InListSize(ids.size());
  out.reserve(size + 1);
  for (const auto id : ids) out.emplace_back(id.value);
  while (out.size() < size) out.emplace_back(ids.back().value);
  return out;
}

}  // namespace

std::string InList(std::size_t first, std::size_t count) {
  std::string out = "(";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += '$';
    out += std::to_string(first + i);
  }
  out += ')';
  return out;
}

namespace {

// What LoadDated reads of each post p by author u, for viewer $1.
std::string DatedPostColumns() {
  return "SELECT p.id, p.caption, p.like_count, p.comment_count, p.created_at, p.edited_at, " +
         UserColumns("u") +
         ", EXISTS (SELECT 1 FROM likes l WHERE l.user_id = $1 AND l.post_id = p.id)"
         ", EXISTS (SELECT 1 FROM saves s WHERE s.user_id = $1 AND s.post_id = p.id)";
}

}  // namespace

std::string DatedPostsSql(std::string_view chosen) {
  return DatedPostColumns() + " FROM (" + std::string(chosen) +
         ") chosen JOIN posts p ON p.id = chosen.id JOIN users u ON u.id = p.author_id "
         "ORDER BY p.created_at DESC, p.id DESC";
}

std::string DatedPostsSqlWithViewerColumn(std::string_view chosen, std::string_view column) {
  // A scalar subquery, not a join: read once per statement, not per row.
  return DatedPostColumns() + ", (SELECT " + std::string(column) + " FROM users o WHERE o.id = $1) FROM (" +
         std::string(chosen) +
         ") chosen JOIN posts p ON p.id = chosen.id JOIN users u ON u.id = p.author_id "
         "ORDER BY p.created_at DESC, p.id DESC";
}

std::string DatedPostsWhereSql(std::string_view condition) {
  return DatedPostColumns() + " FROM posts p JOIN users u ON u.id = p.author_id WHERE " +
         std::string(condition);
}

std::size_t InListSize(std::size_t n) {
  std::size_t size = 1;
  while (size < n) size *= 2;
  return size;
}

CreatedPost PostStore::Insert(db::Connection& c, const NewPost& post,
                              const std::function<void(core::PostId)>& before_count) const {
  CreatedPost created;
  const auto insert = c.dialect() == db::Dialect::kPostgres ? kInsertPost : kInsertPostSqlite;
  created.id = core::PostId(c.Exec(insert, post.author, post.caption, post.now).one().Int(0));
  std::vector<std::string> keys;
  for (const auto& media : post.media) {
    for (const auto& variant : media.variants) keys.push_back(variant.key);
  }
  // The blob rows first: variants reference them.
  created.new_blobs = MediaStore().AddRefs(c, keys);
  for (std::size_t i = 0; i < post.media.size(); ++i) {
    const auto& media = post.media[i];
    const auto position = static_cast<std::int64_t>(i);
    c.Exec(kInsertMedia, created.id, position, media.width, media.height, media.alt, media.placeholder,
           media.average_colour);
    for (std::size_t rank = 0; rank < media.variants.size(); ++rank) {
      const auto& v = media.variants[rank];
      c.Exec(kInsertVariant, created.id, position, static_cast<std::int64_t>(rank), v.key, v.width, v.height,
             v.mime_type);
    }
  }
  HashtagStore().Link(c, created.id, post.hashtags, post.now);
  if (before_count) before_count(created.id);
  const auto followers = c.Exec(kCountNewPost, post.author).one().Int(0);
  // After the author's row is written: a follow of the author at the same
  // time either committed before (and is counted and read here) or copies
  // this post.
  HomeFeedStore().FanOut(c, created.id, post.author, post.now, followers);
  return created;
}

bool PostStore::Edit(db::Connection& c, core::PostId id, const PostEdit& edit) const {
  bool changed = false;
  if (edit.caption) {
    const auto current = c.Exec(kCaptionOf, id).first();
    if (current && current->Text(0) != *edit.caption) {
      c.Exec(kSetCaption, id, *edit.caption);
      HashtagStore().Replace(c, id, edit.hashtags.value_or(std::vector<std::string>{}));
      changed = true;
    }
  }
  if (edit.alts) {
    for (const auto& row : c.Exec(kAltsOf, id).rows) {
      const auto position = static_cast<std::size_t>(row.Int(0));
      if (position < edit.alts->size() && row.Text(1) != (*edit.alts)[position]) {
        c.Exec(kSetAlt, id, row.Int(0), (*edit.alts)[position]);
        changed = true;
      }
    }
  }
  if (changed) c.Exec(kMarkEdited, id, edit.now);
  return changed;
}

std::size_t PostStore::ImageCount(db::Connection& c, core::PostId id) const {
  return static_cast<std::size_t>(c.Exec(kImageCount, id).one().Int(0));
}

std::optional<PostHeader> PostStore::FindHeader(db::Connection& c, core::PostId id) const {
  const auto row = c.Exec(kFindHeader, id).first();
  if (!row) return std::nullopt;
  return PostHeader{core::PostId(row->Int(0)), core::UserId(row->Int(1))};
}

std::optional<std::vector<std::string>> PostStore::Delete(db::Connection& c, core::PostId id) const {
  if (c.dialect() == db::Dialect::kPostgres) {
    // The author's row before the post's: a follow of the author holds that
    // row while its copy into the home feed checks the posts' rows (the
    // home_feed foreign key), so taking them the other way round deadlocked.
    const auto header = c.Exec(kFindHeader, id).first();
    if (!header) return std::nullopt;
    c.Exec(kLockAuthor, header->Int(1));
  }
  std::vector<std::string> keys;
  for (const auto& row : c.Exec(kBlobsOf, id).rows) keys.push_back(row.Text(0));
  HashtagStore().Unlink(c, id);
  ReportStore().CloseForPost(c, id);
  c.Exec(kDeleteNotifications, id);
  const auto deleted = c.Exec(kDeletePost, id).first();
  if (!deleted) return std::nullopt;
  c.Exec(kCountPost, core::UserId(deleted->Int(0)), -1);
  // After the variants are gone (they reference media_blobs).
  return MediaStore().Release(c, keys);
}

std::vector<PostRow> PostStore::LoadPage(db::Connection& c, std::span<const core::PostId> ids,
                                         core::UserId viewer) const {
  if (ids.empty()) return {};
  const auto params = PaddedIds(ids);
  const auto size = params.size();

  std::unordered_map<std::int64_t, PostRow> by_id;
  for (const auto& r : c.Execute(PagePostsSql(size), params).rows) {
    auto post = ReadPostColumns(r);
    by_id.emplace(post.id.value, std::move(post));
  }
  if (by_id.empty()) return {};

  if (viewer.value != 0) {
    std::vector<db::Value> flag_params;
    flag_params.reserve(size + 1);
    flag_params.emplace_back(viewer.value);
    flag_params.insert(flag_params.end(), params.begin(), params.end());
    for (const auto& r : c.Execute(PageFlagsSql(size), flag_params).rows) {
      const auto it = by_id.find(r.Int(0));
      if (it == by_id.end()) continue;
      (r.Int(1) == 0 ? it->second.liked_by_me : it->second.saved_by_me) = true;
    }
  }

  std::vector<PostRow> out;
  out.reserve(by_id.size());
  for (const auto id : ids) {
    const auto it = by_id.find(id.value);
    if (it == by_id.end()) continue;
    // A repeated id gets a copy; the last occurrence may take the row.
    out.push_back(it->second);
  }
  // Images from the cache where the post's edited_at says they are current;
  // one statement for the rest.
  const auto missing = MediaFromCache(c.database_id(), out);
  if (!missing.empty()) ReadMedia(c, out, missing);
  return out;
}

std::vector<PostRow> PostStore::LoadDated(db::Connection& c, std::string_view dated_posts_sql,
                                          std::span<const db::Value> params) const {
  std::vector<PostRow> out;
  for (const auto& r : c.Execute(dated_posts_sql, params).rows) out.push_back(ReadDatedRow(r));
  return out;
}

std::vector<PostRow> PostStore::LoadDated(db::Connection& c, std::string_view dated_posts_sql,
                                          std::span<const db::Value> params,
                                          std::int64_t& viewer_value) const {
  std::vector<PostRow> out;
  for (const auto& r : c.Execute(dated_posts_sql, params).rows) {
    out.push_back(ReadDatedRow(r));
    viewer_value = r.Int(kDatedLikedColumn + 2);
  }
  return out;
}

std::vector<core::PostId> PostStore::MediaFromCache(std::uint64_t database,
                                                    std::vector<PostRow>& posts) const {
  auto& cache = PostMediaCache::Shared();
  std::vector<core::PostId> missing;
  for (auto& post : posts) {
    if (post.media_current) continue;  // filled already (LoadPage's rows)
    if (const auto media = cache.Find(database, post.id, post.edited_at)) {
      post.media = *media;
      post.media_current = true;
    } else if (std::find(missing.begin(), missing.end(), post.id) == missing.end()) {
      missing.push_back(post.id);
    }
  }
  return missing;
}

void PostStore::ReadMedia(db::Connection& c, std::vector<PostRow>& posts,
                          std::span<const core::PostId> missing) const {
  if (missing.empty()) return;
  struct Read {
    std::optional<core::Millis> edited_at;
    std::vector<PostMediaRow> media;
  };
  std::unordered_map<std::int64_t, Read> read;
  const auto params = PaddedIds(missing);
  for (const auto& r : c.Execute(PageMediaSql(params.size()), params).rows) {
    auto& entry = read[r.Int(0)];
    entry.edited_at = r.OptInt(kMediaEditedAtColumn);
    if (!r.IsNull(1) && !r.IsNull(7)) detail::AppendRendition(entry.media, r);
  }
  auto& cache = PostMediaCache::Shared();
  for (const auto& [id, entry] : read)
    cache.Put(c.database_id(), core::PostId(id), entry.edited_at, entry.media);
  const auto wanted = [&](const PostRow& post) {
    return std::find(missing.begin(), missing.end(), post.id) != missing.end();
  };
  std::erase_if(posts, [&](const PostRow& post) { return wanted(post) && !read.contains(post.id.value); });
  for (auto& post : posts) {
    if (!wanted(post)) continue;
    const auto& images = read.at(post.id.value);
    post.media = images.media;
    post.media_current = images.edited_at == post.edited_at;
  }
}

std::vector<PostMediaRow> PostStore::MediaOf(db::Connection& c, core::PostId id,
                                             std::optional<core::Millis> edited_at) const {
  if (const auto media = PostMediaCache::Shared().Find(c.database_id(), id, edited_at)) return *media;
  std::vector<PostRow> post(1);
  post.front().id = id;
  const std::array ids{id};
  ReadMedia(c, post, ids);
  return post.empty() ? std::vector<PostMediaRow>{} : std::move(post.front().media);
}

std::optional<PostRow> PostStore::Load(db::Connection& c, core::PostId id, core::UserId viewer) const {
  auto page = LoadPage(c, std::span<const core::PostId>(&id, 1), viewer);
  if (page.empty()) return std::nullopt;
  return std::move(page.front());
}

}  // namespace lenslet::store

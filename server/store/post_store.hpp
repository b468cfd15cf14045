#pragma once
// Posts: the rows, the form that creates one, and the page loader every list of
// posts uses (GET /posts/{id}, feeds, explore, tags, saved, notifications).
//
//   const auto posts = store::PostStore().LoadPage(c, ids, viewer);  // ≤ 3 statements, any page size
//   (api/detail/post_json.hpp renders them)
//
// LoadPage does not decide visibility: the caller's query chose ids the viewer
// may see (blocks, private accounts), or the caller filters with
// api/users/visibility.hpp.
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "store/user_store.hpp"

namespace lenslet::store {

// One stored rendition of an image: a blob key ("ab/cd/<sha256>.webp").
struct MediaVariantRow {
  std::string key;
  int width = 0;
  int height = 0;
  std::string mime_type;  // "image/webp", "image/jpeg"
};

struct PostMediaRow {
  int position = 0;
  int width = 0;  // of the largest rendition, upright
  int height = 0;
  std::string alt;
  std::string placeholder;                // BlurHash
  std::string average_colour;             // "#rrggbb"
  std::vector<MediaVariantRow> variants;  // largest first
};

struct PostRow {
  core::PostId id;
  PublicUserRow author;
  std::string caption;
  std::int64_t like_count = 0;
  std::int64_t comment_count = 0;
  core::Millis created_at = 0;
  std::optional<core::Millis> edited_at;  // the last edit that changed something
  std::vector<PostMediaRow> media;        // by position
  // `media` is the images as of `edited_at`: false until MediaFromCache or
  // ReadMedia filled them, and when ReadMedia read them after a later edit.
  bool media_current = false;
  bool liked_by_me = false;
  bool saved_by_me = false;
};

// Who wrote a post: enough to authorise without loading the page.
struct PostHeader {
  core::PostId id;
  core::UserId author;
};

struct NewPost {
  core::UserId author;
  std::string caption;
  std::vector<PostMediaRow> media;    // positions are taken from the order here
  std::vector<std::string> hashtags;  // normalised names
  core::Millis now = 0;
};

// A change to a post after posting: what is set is replaced.
struct PostEdit {
  std::optional<std::string> caption;
  std::optional<std::vector<std::string>> hashtags;  // of the new caption; with it
  std::optional<std::vector<std::string>> alts;      // one per image, by position
  core::Millis now = 0;
};

struct CreatedPost {
  core::PostId id;
  // Blob keys that nobody referenced before this unit: see MediaStore::AddRefs.
  std::vector<std::string> new_blobs;
};

class PostStore {
 public:
  // Inserts the post, its media and variants, one blob reference per variant,
  // its hashtags (counted) and counts it in users.post_count. `before_count`
  // runs (with the new id) before that count locks the author's users row:
  // mention notifications, whose inserts take the pair's block lock
  // (migration 0025), must come first, or a block between the author and
  // someone mentioned, holding that lock and waiting for the author's row to
  // uncount a follow, deadlocks with the post.
  CreatedPost Insert(db::Connection& c, const NewPost& post,
                     const std::function<void(core::PostId)>& before_count = {}) const;

  std::optional<PostHeader> FindHeader(db::Connection& c, core::PostId id) const;

  // Applies the edit: caption and hashtags (tags counted; a tag the post
  // keeps keeps its place on the tag page), alt texts. Sets edited_at only
  // when something changed. Returns whether something did. The caller checked
  // the post exists and that alts has one entry per image.
  bool Edit(db::Connection& c, core::PostId id, const PostEdit& edit) const;
  // How many images the post has.
  std::size_t ImageCount(db::Connection& c, core::PostId id) const;

  // Deletes the post with everything that hangs off it (media, likes,
  // comments, saves, hashtags, notifications about it) and uncounts it.
  // Returns nullopt when there was no such post, else the blob keys nobody
  // references any more: delete their files after the unit commits.
  std::optional<std::vector<std::string>> Delete(db::Connection& c, core::PostId id) const;

  // The posts of `ids` with their authors and media, and whether `viewer`
  // (0: anonymous) liked and saved each, in the order of `ids`; unknown ids
  // are skipped. Three statements (two when anonymous, none when `ids` is
  // empty) whatever the number of ids.
  std::vector<PostRow> LoadPage(db::Connection& c, std::span<const core::PostId> ids,
                                core::UserId viewer) const;
  std::optional<PostRow> Load(db::Connection& c, core::PostId id, core::UserId viewer) const;

  // A page in ONE statement (issue 16): runs `dated_posts_sql`, built by
  // DatedPostsSql, for the posts its chosen ids name, with their authors and
  // whether the viewer ($1) liked and saved each, newest first by (created_at,
  // id). The images are left empty: MediaFromCache fills them from the cache,
  // ReadMedia with one more statement, so that on PostgreSQL the page needs
  // no transaction (db/statement_unit.hpp).
  std::vector<PostRow> LoadDated(db::Connection& c, std::string_view dated_posts_sql,
                                 std::span<const db::Value> params) const;
  // LoadDated for a statement built by DatedPostsSqlWithViewerColumn: its
  // one value more (the same on every row) in `viewer_value`, untouched when
  // no row came back.
  std::vector<PostRow> LoadDated(db::Connection& c, std::string_view dated_posts_sql,
                                 std::span<const db::Value> params, std::int64_t& viewer_value) const;
  // Fills the images of `posts` that PostMediaCache holds for the edited_at
  // they carry; returns the ids of the others. Posts whose images are
  // current already (media_current) are left as they are.
  std::vector<core::PostId> MediaFromCache(std::uint64_t database, std::vector<PostRow>& posts) const;
  // Reads the images of `missing` (one statement), caches them under the
  // edited_at read with them and fills `posts`. This may run in a later
  // snapshot than the one that read `posts`: an image edited meanwhile shows
  // as it is now, and a post deleted meanwhile (no images left) leaves `posts`.
  void ReadMedia(db::Connection& c, std::vector<PostRow>& posts, std::span<const core::PostId> missing) const;
  // The images of post `id`, whose row the caller read in this unit with
  // `edited_at`: from PostMediaCache when that says they are current (no
  // statement), else one statement (then cached), as LoadPage does.
  std::vector<PostMediaRow> MediaOf(db::Connection& c, core::PostId id,
                                    std::optional<core::Millis> edited_at) const;
};

// "($first, $first+1, ...)" for `count` parameters, for IN lists. Callers pad
// their list to InListSize(n) (repeating the last value) so a connection
// prepares one statement per size class, not one per page length.
std::string InList(std::size_t first, std::size_t count);

// The statement PostStore::LoadDated runs around `chosen`, a SELECT of one
// column `id` whose $1 is the viewer. Build it once per list (a connection
// prepares statements by their text).
std::string DatedPostsSql(std::string_view chosen);
// DatedPostsSql with one column more, `column`: an expression over the
// viewer's users row `o` (a page that also needs one of the viewer's own
// values, read in the same statement).
std::string DatedPostsSqlWithViewerColumn(std::string_view chosen, std::string_view column);
// The same columns, of the posts p (by author u) that `condition` keeps, in no
// particular order: for a list whose choice needs no subquery.
std::string DatedPostsWhereSql(std::string_view condition);
std::size_t InListSize(std::size_t n);

}  // namespace lenslet::store

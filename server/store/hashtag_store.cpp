#include "store/hashtag_store.hpp"

#include <algorithm>
#include <optional>

namespace lenslet::store {
namespace {

constexpr std::string_view kCountTag =
    "INSERT INTO hashtags (name, post_count) VALUES ($1, 1) "
    "ON CONFLICT (name) DO UPDATE SET post_count = hashtags.post_count + 1 RETURNING id";

constexpr std::string_view kLink =
    "INSERT INTO post_hashtags (post_id, hashtag_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

// By name, as Link takes them, so a delete and a create that share tags lock
// them in the same order.
constexpr std::string_view kTagsOf =
    "SELECT h.id FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = $1 "
    "ORDER BY h.name";
constexpr std::string_view kUncount = "UPDATE hashtags SET post_count = post_count - 1 WHERE id = $1";

constexpr std::string_view kUnlink = "DELETE FROM post_hashtags WHERE post_id = $1";

constexpr std::string_view kNamesOf =
    "SELECT h.name FROM post_hashtags ph JOIN hashtags h ON h.id = ph.hashtag_id WHERE ph.post_id = $1 "
    "ORDER BY h.name";

constexpr std::string_view kUnlinkOne =
    "DELETE FROM post_hashtags WHERE post_id = $1 AND hashtag_id = (SELECT id FROM hashtags WHERE name = $2) "
    "RETURNING hashtag_id";

constexpr std::string_view kPostTime = "SELECT created_at FROM posts WHERE id = $1";

constexpr std::string_view kFind = "SELECT id, name, post_count FROM hashtags WHERE name = $1";

}  // namespace

void HashtagStore::Link(db::Connection& c, core::PostId post, std::vector<std::string> names,
                        core::Millis now) const {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const auto& name : names) {
    const auto tag = c.Exec(kCountTag, name).one().Int(0);
    c.Exec(kLink, post, tag, now);
  }
}

void HashtagStore::Unlink(db::Connection& c, core::PostId post) const {
  for (const auto& row : c.Exec(kTagsOf, post).rows) c.Exec(kUncount, row.Int(0));
  c.Exec(kUnlink, post);
}

void HashtagStore::Replace(db::Connection& c, core::PostId post, std::vector<std::string> names) const {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const auto current = NamesOf(c, post);  // sorted
  std::optional<std::int64_t> linked_at;
  auto a = current.begin();
  auto b = names.begin();
  // One merged walk in name order: a name only in `current` is dropped, one
  // only in `names` is added.
  while (a != current.end() || b != names.end()) {
    if (b == names.end() || (a != current.end() && *a < *b)) {
      if (const auto row = c.Exec(kUnlinkOne, post, *a).first()) c.Exec(kUncount, row->Int(0));
      ++a;
    } else if (a == current.end() || *b < *a) {
      if (!linked_at) linked_at = c.Exec(kPostTime, post).one().Int(0);
      const auto tag = c.Exec(kCountTag, *b).one().Int(0);
      c.Exec(kLink, post, tag, *linked_at);
      ++b;
    } else {
      ++a;
      ++b;
    }
  }
}

std::vector<std::string> HashtagStore::NamesOf(db::Connection& c, core::PostId post) const {
  std::vector<std::string> out;
  for (const auto& row : c.Exec(kNamesOf, post).rows) out.push_back(row.Text(0));
  return out;
}

std::optional<HashtagRow> HashtagStore::Find(db::Connection& c, std::string_view name) const {
  const auto row = c.Exec(kFind, name).first();
  if (!row) return std::nullopt;
  return HashtagRow{HashtagId(row->Int(0)), row->Text(1), row->Int(2)};
}

}  // namespace lenslet::store

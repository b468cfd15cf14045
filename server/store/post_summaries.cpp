#include "store/post_summaries.hpp"

#include <string>

#include "store/detail/media_rows.hpp"

namespace lenslet::store {
namespace {

// $1 the viewer, then the ids; FilterVisible's rule, and the first image's
// renditions (a post without images: one row of NULLs after the id).
std::string VisibleSummariesSql(std::size_t n) {
  return "SELECT p.id, m.position, m.width, m.height, m.alt, m.placeholder, m.average_colour, "
         "v.blob_key, v.width, v.height, v.mime_type FROM posts p JOIN users u ON u.id = p.author_id "
         "LEFT JOIN post_media m ON m.post_id = p.id AND m.position = "
         "(SELECT min(pm.position) FROM post_media pm WHERE pm.post_id = p.id) "
         "LEFT JOIN post_media_variants v ON v.post_id = m.post_id AND v.position = m.position "
         "WHERE p.id IN " +
         InList(2, n) +
         " AND " + VisibleAuthorSql("u", "$1") + " ORDER BY p.id, v.rank";
}

}  // namespace

std::string VisibleAuthorSql(std::string_view author, std::string_view viewer) {
  const std::string a(author);
  const std::string v(viewer);
  return "(" + a + ".id = " + v + " OR NOT EXISTS (SELECT 1 FROM hidden_accounts h WHERE h.user_id = " + a +
         ".id)) AND (" + a + ".is_private = 0 OR " + a + ".id = " + v +
         " OR EXISTS (SELECT 1 FROM follows f WHERE " + "f.follower_id = " + v + " AND f.followee_id = " + a +
         ".id AND f.accepted = 1)) " +
         "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = " + v + " AND b.blocked_id = " + a +
         ".id) OR (b.blocker_id = " + a + ".id AND b.blocked_id = " + v + "))";
}

std::vector<PostRow> VisiblePostSummaries(db::Connection& c, std::span<const core::PostId> ids,
                                          core::UserId viewer) {
  if (ids.empty()) return {};
  // Padded to InListSize so a connection prepares a few statements, not one per count.
  std::vector<db::Value> params{viewer.value};
  const auto size = InListSize(ids.size());
  for (const auto id : ids) params.emplace_back(id.value);
  while (params.size() < size + 1) params.emplace_back(ids.back().value);
  std::vector<PostRow> out;
  for (const auto& r : c.Execute(VisibleSummariesSql(size), params).rows) {
    const core::PostId id(r.Int(0));
    if (out.empty() || out.back().id != id) {
      out.push_back(PostRow{});
      out.back().id = id;
    }
    if (r.IsNull(7)) continue;  // no images
    detail::AppendRendition(out.back().media, r);
  }
  return out;
}

}  // namespace lenslet::store

#include "store/export_data_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kProfile =
    "SELECT id, username, email, display_name, bio, website, avatar_key, is_private, post_count, "
    "follower_count, following_count, created_at FROM users WHERE id = $1";
constexpr std::string_view kPostIds =
    "SELECT id FROM posts WHERE author_id = $1 AND id > $2 ORDER BY id LIMIT $3";
constexpr std::string_view kHashtags =
    "SELECT ph.post_id, h.name FROM posts p JOIN post_hashtags ph ON ph.post_id = p.id "
    "JOIN hashtags h ON h.id = ph.hashtag_id "
    "WHERE p.author_id = $1 AND p.id >= $2 AND p.id <= $3 ORDER BY ph.post_id, h.name";
constexpr std::string_view kComments =
    "SELECT id, post_id, text, created_at FROM comments WHERE author_id = $1 AND id > $2 ORDER BY id LIMIT $3";
constexpr std::string_view kLikes =
    "SELECT post_id, created_at FROM likes WHERE user_id = $1 AND post_id > $2 ORDER BY post_id LIMIT $3";
constexpr std::string_view kSaves =
    "SELECT post_id, created_at FROM saves WHERE user_id = $1 AND post_id > $2 ORDER BY post_id LIMIT $3";
constexpr std::string_view kFollowers =
    "SELECT f.follower_id, u.username, f.accepted, f.created_at FROM follows f JOIN users u ON u.id = f.follower_id "
    "WHERE f.followee_id = $1 AND f.follower_id > $2 ORDER BY f.follower_id LIMIT $3";
constexpr std::string_view kFollowing =
    "SELECT f.followee_id, u.username, f.accepted, f.created_at FROM follows f JOIN users u ON u.id = f.followee_id "
    "WHERE f.follower_id = $1 AND f.followee_id > $2 ORDER BY f.followee_id LIMIT $3";

std::vector<ExportMarkRow> Marks(const db::Result& result) {
  std::vector<ExportMarkRow> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) out.push_back({.post = core::PostId(r.Int(0)), .created_at = r.Int(1)});
  return out;
}

std::vector<ExportFollowRow> Follows(const db::Result& result) {
  std::vector<ExportFollowRow> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) {
    out.push_back(
        {.user = core::UserId(r.Int(0)), .username = r.Text(1), .accepted = r.Bool(2), .created_at = r.Int(3)});
  }
  return out;
}

}  // namespace

std::optional<ExportProfileRow> ExportDataStore::Profile(db::Connection& c, core::UserId user) const {
  const auto row = c.Exec(kProfile, user).first();
  if (!row) return std::nullopt;
  const auto& r = *row;
  return ExportProfileRow{.id = core::UserId(r.Int(0)),
                          .username = r.Text(1),
                          .email = r.Text(2),
                          .display_name = r.Text(3),
                          .bio = r.Text(4),
                          .website = r.Text(5),
                          .avatar_key = r.OptText(6),
                          .is_private = r.Bool(7),
                          .post_count = r.Int(8),
                          .follower_count = r.Int(9),
                          .following_count = r.Int(10),
                          .created_at = r.Int(11)};
}

std::vector<core::PostId> ExportDataStore::PostIds(db::Connection& c, core::UserId user, core::PostId after,
                                                   int limit) const {
  std::vector<core::PostId> ids;
  for (const auto& r : c.Exec(kPostIds, user, after, limit).rows) ids.emplace_back(r.Int(0));
  return ids;
}

std::vector<ExportHashtagRow> ExportDataStore::Hashtags(db::Connection& c, core::UserId user, core::PostId first,
                                                        core::PostId last) const {
  std::vector<ExportHashtagRow> out;
  for (const auto& r : c.Exec(kHashtags, user, first, last).rows) {
    out.push_back({.post = core::PostId(r.Int(0)), .name = r.Text(1)});
  }
  return out;
}

std::vector<ExportCommentRow> ExportDataStore::Comments(db::Connection& c, core::UserId user, core::CommentId after,
                                                        int limit) const {
  std::vector<ExportCommentRow> out;
  for (const auto& r : c.Exec(kComments, user, after, limit).rows) {
    out.push_back(
        {.id = core::CommentId(r.Int(0)), .post = core::PostId(r.Int(1)), .text = r.Text(2), .created_at = r.Int(3)});
  }
  return out;
}

std::vector<ExportMarkRow> ExportDataStore::Likes(db::Connection& c, core::UserId user, core::PostId after,
                                                  int limit) const {
  return Marks(c.Exec(kLikes, user, after, limit));
}

std::vector<ExportMarkRow> ExportDataStore::Saves(db::Connection& c, core::UserId user, core::PostId after,
                                                  int limit) const {
  return Marks(c.Exec(kSaves, user, after, limit));
}

std::vector<ExportFollowRow> ExportDataStore::Followers(db::Connection& c, core::UserId user, core::UserId after,
                                                        int limit) const {
  return Follows(c.Exec(kFollowers, user, after, limit));
}

std::vector<ExportFollowRow> ExportDataStore::Following(db::Connection& c, core::UserId user, core::UserId after,
                                                        int limit) const {
  return Follows(c.Exec(kFollowing, user, after, limit));
}

}  // namespace lenslet::store

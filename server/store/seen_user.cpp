#include "store/seen_user.hpp"

namespace lenslet::store {
namespace {

// $2 the viewer (0: anonymous) and `u` the user shown. Each column is one or
// two index probes inside the one statement. min(staff_may_see): deactivation
// (0) wins over a suspension (1), as SuspensionStore::Hidden reads it.
std::string SeenByColumns() {
  return "(SELECT min(h.staff_may_see) FROM hidden_accounts h WHERE h.user_id = u.id), "
         "CASE WHEN EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $2 AND b.blocked_id = u.id) "
         "OR (b.blocker_id = u.id AND b.blocked_id = $2)) THEN 1 ELSE 0 END, "
         "(SELECT f.accepted FROM follows f WHERE f.follower_id = $2 AND f.followee_id = u.id), " +
         QuietFlagColumns("$2", "u.id");
}

const std::string kSeenUser = "SELECT " + SeenUserColumns() + " FROM users u ";
const std::string kFindById = kSeenUser + "WHERE u.id = $1";
const std::string kFindByUsername = kSeenUser + "WHERE lower(u.username) = lower($1)";

const std::string kFindPost =
    "SELECT " + SeenPostColumns() + " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1";

const std::string kFindPostToShow =
    "SELECT " + SeenPostColumns() +
    ", p.caption, p.like_count, p.comment_count, p.created_at, p.edited_at"
    ", EXISTS (SELECT 1 FROM likes l WHERE l.user_id = $2 AND l.post_id = p.id)"
    ", EXISTS (SELECT 1 FROM saves s WHERE s.user_id = $2 AND s.post_id = p.id)"
    " FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1";

const std::string kFindPostToComment =
    "SELECT " + SeenPostColumns() +
    ", CASE WHEN EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = u.id AND r.restricted_id = $2) "
    "THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM hidden_words w WHERE w.user_id = u.id) THEN 1 ELSE 0 "
    "END, " +
    UserColumns("me") +
    " FROM posts p JOIN users u ON u.id = p.author_id JOIN users me ON me.id = $2 WHERE p.id = $1";

}  // namespace

SeenUser ReadSeenUser(const db::Row& row, std::size_t first) {
  SeenUser out{.user = ReadUserColumns(row, first)};
  if (const auto hidden = row.OptInt(first + kSeenHiddenColumn)) {
    out.seen.hidden = *hidden != 0 ? HiddenAs::kSuspended : HiddenAs::kDeactivated;
  }
  out.seen.blocked = row.Bool(first + kSeenBlockedColumn);
  if (const auto accepted = row.OptInt(first + kSeenFollowColumn)) {
    out.seen.follow = *accepted != 0 ? FollowState::kFollowing : FollowState::kRequested;
  }
  out.seen.quiet = ReadQuietFlags(row, first + kSeenFollowColumn + 1);
  return out;
}

std::string SeenUserColumns() { return UserColumns("u") + ", " + SeenByColumns(); }

std::string SeenPostColumns() { return "p.id, p.author_id, " + SeenUserColumns(); }

SeenPost ReadSeenPost(const db::Row& row, std::size_t first) {
  return {.post = {core::PostId(row.Int(first)), core::UserId(row.Int(first + 1))},
          .author = ReadSeenUser(row, first + 2)};
}

std::optional<SeenUser> SeenUserStore::FindById(db::Connection& c, core::UserId id,
                                                core::UserId viewer) const {
  const auto row = c.Exec(kFindById, id, viewer).first();
  if (!row) return std::nullopt;
  return ReadSeenUser(*row, 0);
}

std::optional<SeenUser> SeenUserStore::FindByUsername(db::Connection& c, std::string_view username,
                                                      core::UserId viewer) const {
  const auto row = c.Exec(kFindByUsername, username, viewer).first();
  if (!row) return std::nullopt;
  return ReadSeenUser(*row, 0);
}

std::optional<SeenPost> SeenUserStore::FindPost(db::Connection& c, core::PostId id,
                                                core::UserId viewer) const {
  const auto row = c.Exec(kFindPost, id, viewer).first();
  if (!row) return std::nullopt;
  return ReadSeenPost(*row);
}

std::optional<SeenPostToShow> SeenUserStore::FindPostToShow(db::Connection& c, core::PostId id,
                                                            core::UserId viewer) const {
  const auto row = c.Exec(kFindPostToShow, id, viewer).first();
  if (!row) return std::nullopt;
  SeenPostToShow out{.seen = ReadSeenPost(*row)};
  const auto at = kSeenPostColumnCount;
  out.post = PostRow{.id = out.seen.post.id,
                     .author = out.seen.author.user,
                     .caption = row->Text(at),
                     .like_count = row->Int(at + 1),
                     .comment_count = row->Int(at + 2),
                     .created_at = row->Int(at + 3),
                     .edited_at = row->OptInt(at + 4),
                     .liked_by_me = row->Bool(at + 5),
                     .saved_by_me = row->Bool(at + 6)};
  return out;
}

std::optional<SeenPostToComment> SeenUserStore::FindPostToComment(db::Connection& c, core::PostId id,
                                                                  core::UserId commenter) const {
  const auto row = c.Exec(kFindPostToComment, id, commenter).first();
  if (!row) return std::nullopt;
  const auto at = kSeenPostColumnCount;
  return SeenPostToComment{.seen = ReadSeenPost(*row),
                           .author_restricts_viewer = row->Bool(at),
                           .author_has_hidden_words = row->Bool(at + 1),
                           .viewer = ReadUserColumns(*row, at + 2)};
}

}  // namespace lenslet::store

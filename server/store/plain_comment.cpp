#include "store/plain_comment.hpp"

#include <string>

#include "core/error.hpp"
#include "store/post_summaries.hpp"

namespace lenslet::store {
namespace {

// $1 the commenter, $2 the post, $3 the text, $4 now. Every CTE reads the
// statement's one snapshot; every write hangs on `gate`, the post in the
// plain case only. `told` is NotificationStore::Upsert's row.
const std::string kCommentIfPlain =
    "WITH gate AS MATERIALIZED (SELECT p.id, p.author_id FROM posts p JOIN users u ON u.id = p.author_id "
    "WHERE p.id = $2::bigint AND " +
    VisibleAuthorSql("u", "$1::bigint") +
    " AND (u.id = $1::bigint OR (NOT EXISTS (SELECT 1 FROM restricts r WHERE r.restrictor_id = u.id "
    "AND r.restricted_id = $1::bigint) AND NOT EXISTS (SELECT 1 FROM hidden_words w WHERE w.user_id = "
    "u.id)))), "
    "added AS (INSERT INTO comments (post_id, author_id, text, created_at, restricted) "
    "SELECT g.id, $1::bigint, $3::text, $4::bigint, 0 FROM gate g RETURNING id, post_id), "
    "counted AS (UPDATE posts SET comment_count = comment_count + 1 WHERE id IN (SELECT post_id FROM "
    "added)), "
    "told AS (INSERT INTO notifications (recipient_id, type, actor_id, post_id, comment_id, is_read, "
    "created_at) "
    "SELECT g.author_id, 'comment', $1::bigint, g.id, a.id, 0, $4::bigint FROM gate g, added a "
    "WHERE g.author_id <> $1::bigint ON CONFLICT DO NOTHING "
    "RETURNING id, recipient_id, type, actor_id, post_id, comment_id, is_read, created_at, audit_id) "
    // The push's columns first (NULL when nothing to tell), then the comment's.
    "SELECT pushed.*, a.id, g.author_id, (SELECT id FROM told), " +
    UserColumns("me") + " FROM gate g JOIN added a ON true JOIN users me ON me.id = $1::bigint LEFT JOIN (" +
    PushOfInsertedSql("told", "(SELECT author_id FROM gate)") + ") pushed ON true";

}  // namespace

std::optional<CommentWritten> CommentIfPlain(db::Connection& c, core::UserId commenter, core::PostId post,
                                             std::string_view text, core::Millis now) {
  if (c.dialect() != db::Dialect::kPostgres) {
    throw core::Error(core::ErrorCode::kInternal, "Internal error", {},
                      "comment store: the one-statement comment is for PostgreSQL");
  }
  const auto row = c.Exec(kCommentIfPlain, commenter, post, text, now).first();
  if (!row) return std::nullopt;
  constexpr auto at = kPushColumnCount;
  CommentWritten out{.id = core::CommentId(row->Int(at)),
                     .post_author = core::UserId(row->Int(at + 1)),
                     .commenter = ReadUserColumns(*row, at + 3)};
  if (const auto id = row->OptInt(at + 2)) out.notification = core::NotificationId(*id);
  out.pushed = ReadPushRow(*row);
  // The push reads the comment's text from `comments`, where the statement's
  // snapshot cannot see its own insert: it is this text, shown as the list
  // shows it — only beside a post the recipient may see (their own).
  if (out.pushed && out.pushed->post_visible) out.pushed->comment_text = std::string(text);
  return out;
}

}  // namespace lenslet::store

#include "store/comment_store.hpp"

#include "store/id_high_water.hpp"
#include "store/post_store.hpp"
#include "store/report_store.hpp"
#include "store/seen_user.hpp"
#include "store/suspension_store.hpp"

namespace lenslet::store {
namespace {

// SQLite. Reports and the audit log keep a deleted comment's id: it is never
// given to another comment.
constexpr std::string_view kInsert =
    "INSERT INTO comments (id, post_id, author_id, text, created_at, restricted) "
    "VALUES (" LENSLET_NEXT_ID("comments") ", $1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kCount = "UPDATE posts SET comment_count = comment_count + $2 WHERE id = $1";
// PostgreSQL: the comment and its count in ONE statement (one round trip; a
// restricted comment is not counted). SQLite takes no data-modifying WITH.
constexpr std::string_view kInsertCounted =
    "WITH added AS (INSERT INTO comments (post_id, author_id, text, created_at, restricted) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id, post_id, restricted), "
    "counted AS (UPDATE posts SET comment_count = comment_count + 1 "
    "WHERE id IN (SELECT post_id FROM added WHERE restricted = 0)) "
    "SELECT id FROM added";
constexpr std::string_view kFindHeader = "SELECT id, post_id, author_id FROM comments WHERE id = $1";
constexpr std::string_view kDeleteNotifications = "DELETE FROM notifications WHERE comment_id = $1";
constexpr std::string_view kDelete = "DELETE FROM comments WHERE id = $1 RETURNING post_id, restricted";

// The comments of post $1 that viewer $2 may see, with ids above $3 (`c`
// the comment): a restricted comment only for its author and the post's
// author (the post's author is read once per statement: the subquery does
// not depend on the row).
#define LENSLET_SHOWN_COMMENTS                                                                       \
  "c.post_id = $1 AND c.id > $3 AND (c.restricted = 0 OR c.author_id = $2 "                          \
  "OR $2 = (SELECT pa.author_id FROM posts pa WHERE pa.id = $1)) "                                  \
  "AND " LENSLET_NOT_SUSPENDED("c.author_id") " "                                                    \
  "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = $2 AND b.blocked_id = c.author_id) " \
  "OR (b.blocker_id = c.author_id AND b.blocked_id = $2))"

const std::string kList = "SELECT c.id, c.post_id, c.text, c.created_at, " + UserColumns("u") +
                          " FROM comments c JOIN users u ON u.id = c.author_id "
                          "WHERE " LENSLET_SHOWN_COMMENTS " ORDER BY c.id LIMIT $4";

// The post as the viewer sees it on every row, beside the first $4 comments
// kList gives (one row of NULL comment columns when there are none). Both
// sides are subqueries on the parameters, not on each other's rows: the
// comments are read from (post_id, id) up to their LIMIT, and the post's
// columns (a dozen probes) once, not once per comment (the LIMIT 1 keeps
// either database from pulling them up into the join).
const std::string kListWithPost =
    "SELECT sp.*, cm.id, cm.post_id, cm.text, cm.created_at, " + UserColumns("cu") + " FROM (SELECT " +
    SeenPostColumns() +
    ", CASE WHEN EXISTS (SELECT 1 FROM hidden_words w WHERE w.user_id = u.id) THEN 1 ELSE 0 END "
    "FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1 LIMIT 1) sp "
    "LEFT JOIN (SELECT c.id, c.post_id, c.text, c.created_at, c.author_id FROM comments c "
    "WHERE " LENSLET_SHOWN_COMMENTS " ORDER BY c.id LIMIT $4) cm ON 1 = 1 "
    "LEFT JOIN users cu ON cu.id = cm.author_id ORDER BY cm.id";

#undef LENSLET_SHOWN_COMMENTS

std::string FindManySql(std::size_t n) {
  return "SELECT c.id, c.post_id, c.text, c.created_at, " + UserColumns("u") +
         " FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id IN " + InList(1, n);
}

std::vector<CommentRow> ReadComments(const db::Result& result) {
  std::vector<CommentRow> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) {
    out.push_back(CommentRow{core::CommentId(r.Int(0)), core::PostId(r.Int(1)), ReadUserColumns(r, 4),
                             r.Text(2), r.Int(3)});
  }
  return out;
}

}  // namespace

core::CommentId CommentStore::Insert(db::Connection& c, core::PostId post, core::UserId author,
                                     std::string_view text, core::Millis now, bool restricted) const {
  if (c.dialect() == db::Dialect::kPostgres) {
    return core::CommentId(c.Exec(kInsertCounted, post, author, text, now, restricted).one().Int(0));
  }
  const core::CommentId id(c.Exec(kInsert, post, author, text, now, restricted).one().Int(0));
  if (!restricted) c.Exec(kCount, post, 1);
  return id;
}

std::optional<CommentHeader> CommentStore::FindHeader(db::Connection& c, core::CommentId id) const {
  const auto row = c.Exec(kFindHeader, id).first();
  if (!row) return std::nullopt;
  return CommentHeader{core::CommentId(row->Int(0)), core::PostId(row->Int(1)), core::UserId(row->Int(2))};
}

bool CommentStore::Delete(db::Connection& c, core::CommentId id) const {
  ReportStore().CloseForComment(c, id);
  c.Exec(kDeleteNotifications, id);
  const auto row = c.Exec(kDelete, id).first();
  if (!row) return false;
  if (!row->Bool(1)) c.Exec(kCount, core::PostId(row->Int(0)), -1);
  return true;
}

std::vector<CommentRow> CommentStore::List(db::Connection& c, core::PostId post, core::UserId viewer,
                                           std::optional<core::CommentId> after, int limit) const {
  return ReadComments(c.Exec(kList, post, viewer, after ? after->value : 0, limit));
}

std::optional<CommentsOfSeenPost> CommentStore::ListWithPost(db::Connection& c, core::PostId post,
                                                             core::UserId viewer,
                                                             std::optional<core::CommentId> after, int limit) const {
  const auto result = c.Exec(kListWithPost, post, viewer, after ? after->value : 0, limit);
  if (result.empty()) return std::nullopt;
  const auto& first = result.rows.front();
  CommentsOfSeenPost out{.post = ReadSeenPost(first),
                         .author_has_hidden_words = first.Bool(kSeenPostColumnCount)};
  constexpr auto at = kSeenPostColumnCount + 1;
  for (const auto& r : result.rows) {
    if (r.IsNull(at)) continue;
    out.comments.push_back(CommentRow{core::CommentId(r.Int(at)), core::PostId(r.Int(at + 1)),
                                      ReadUserColumns(r, at + 4), r.Text(at + 2), r.Int(at + 3)});
  }
  return out;
}

std::vector<CommentRow> CommentStore::FindMany(db::Connection& c, std::span<const core::CommentId> ids) const {
  if (ids.empty()) return {};
  std::vector<db::Value> params;
  const auto size = InListSize(ids.size());
  for (const auto id : ids) params.emplace_back(id.value);
  while (params.size() < size) params.emplace_back(ids.back().value);
  return ReadComments(c.Execute(FindManySql(size), params));
}

}  // namespace lenslet::store

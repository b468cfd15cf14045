#include "store/report_store.hpp"

#include <array>
#include <limits>
#include <unordered_map>

#include "store/id_high_water.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::array<std::string_view, 4> kTargetNames{"post", "comment", "user", "message"};
constexpr std::array<std::string_view, 5> kResolutionNames{"dismiss", "remove", "suspend", "warn", "deleted"};
constexpr std::array<std::string_view, 8> kReasons{"spam",     "harassment", "hate",          "nudity",
                                                   "violence", "self_harm",  "impersonation", "other"};

// No conflict target: the only unique index besides the key is
// reports_open_once, and DO NOTHING keeps a PostgreSQL unit usable. A
// concurrent insert of the same open report waits for the first to commit,
// then inserts nothing; the SELECT after it (a new snapshot on PostgreSQL, the
// one writer on SQLite) finds the winner.
constexpr std::string_view kInsert =
    "INSERT INTO reports (reporter_id, target_type, target_id, reason, note, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id";
// A purged reporter's reports are deleted while a moderator's queue still
// offers their ids to resolve: never given to another report.
constexpr std::string_view kInsertSqlite =
    "INSERT INTO reports (id, reporter_id, target_type, target_id, reason, note, created_at) "
    "VALUES (" LENSLET_NEXT_ID("reports") ", $1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kFindOpen =
    "SELECT id FROM reports WHERE reporter_id = $1 AND target_type = $2 AND target_id = $3 AND status = "
    "'open'";

// The reported message and at most $4 before it, in that conversation only.
constexpr std::string_view kSnapshot =
    "INSERT INTO report_messages (report_id, message_id, sender_id, text, had_image, created_at) "
    "SELECT CAST($1 AS BIGINT), m.id, m.sender_id, m.text, CASE WHEN m.media_width IS NULL THEN 0 ELSE 1 "
    "END, m.created_at "
    "FROM messages m WHERE m.conversation_id = $2 AND m.id <= $3 ORDER BY m.id DESC LIMIT $4";

constexpr std::string_view kFindHeader = "SELECT target_type, target_id, status FROM reports WHERE id = $1";

constexpr std::string_view kResolve =
    "UPDATE reports SET status = 'resolved', resolution = $3, resolved_by = $4, resolved_at = $5 "
    "WHERE target_type = $1 AND target_id = $2 AND status = 'open'";

constexpr std::string_view kCloseForPost =
    "UPDATE reports SET status = 'resolved', resolution = 'deleted', resolved_at = $2 WHERE status = 'open' "
    "AND ((target_type = 'post' AND target_id = $1) OR (target_type = 'comment' AND target_id IN "
    "(SELECT id FROM comments WHERE post_id = $1)))";
constexpr std::string_view kCloseForComment =
    "UPDATE reports SET status = 'resolved', resolution = 'deleted', resolved_at = $2 "
    "WHERE target_type = 'comment' AND target_id = $1 AND status = 'open'";

// reports_status (status, id) serves both the filter and max(id).
constexpr std::string_view kQueue =
    "SELECT target_type, target_id, max(id) AS latest, count(*) FROM reports WHERE status = $1 "
    "GROUP BY target_type, target_id HAVING max(id) < $2 ORDER BY latest DESC LIMIT $3";

constexpr std::string_view kPostOwner = "SELECT author_id FROM posts WHERE id = $1";
constexpr std::string_view kCommentOwner = "SELECT author_id, post_id FROM comments WHERE id = $1";
constexpr std::string_view kUserOwner = "SELECT id FROM users WHERE id = $1";
constexpr std::string_view kMessageOwner = "SELECT sender_id, conversation_id FROM messages WHERE id = $1";

constexpr std::size_t kReportColumns = 9;

std::string ReportsOfSql(std::size_t pairs) {
  std::string where;
  for (std::size_t i = 0; i < pairs; ++i) {
    if (i) where += " OR ";
    where += "(r.target_type = $" + std::to_string(2 + 2 * i) + " AND r.target_id = $" +
             std::to_string(3 + 2 * i) + ")";
  }
  return "SELECT * FROM (SELECT r.id AS report_id, r.target_type, r.target_id, r.reason, r.note, r.status, "
         "r.resolution, "
         "r.resolved_at, r.created_at, " +
         UserColumns("u") +
         ", row_number() OVER (PARTITION BY r.target_type, r.target_id ORDER BY r.id DESC) AS place "
         "FROM reports r JOIN users u ON u.id = r.reporter_id WHERE r.status = $1 AND (" +
         where + ")) ranked WHERE place <= " + std::to_string(kReportsPerItem) + " ORDER BY report_id DESC";
}

std::string SnapshotsSql(std::size_t n) {
  return "SELECT s.report_id, s.message_id, s.text, s.had_image, s.created_at, s.sender_id, " +
         UserColumns("u") +
         " FROM report_messages s LEFT JOIN users u ON u.id = s.sender_id WHERE s.report_id IN " +
         InList(1, n) + " ORDER BY s.report_id, s.message_id";
}

std::string UsersSql(std::size_t n) {
  return "SELECT " + UserColumns("u") + " FROM users u WHERE u.id IN " + InList(1, n);
}

template <typename T>
std::vector<db::Value> Padded(std::span<const T> values) {
  std::vector<db::Value> out;
  const auto size = InListSize(values.size());
  out.reserve(size);
  for (const auto& v : values) out.emplace_back(static_cast<std::int64_t>(v));
  while (out.size() < size) out.emplace_back(static_cast<std::int64_t>(values.back()));
  return out;
}

template <std::size_t N, typename E>
std::optional<E> Parse(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

TargetRef ReadTarget(const db::Row& row, std::size_t first) {
  const auto type = ParseReportTarget(row.Text(first));
  if (!type) throw std::runtime_error("reports.target_type holds an unknown value");
  return {*type, row.Int(first + 1)};
}

}  // namespace

std::string_view ToString(ReportTarget type) { return kTargetNames[static_cast<std::size_t>(type)]; }
std::optional<ReportTarget> ParseReportTarget(std::string_view text) {
  return Parse<kTargetNames.size(), ReportTarget>(kTargetNames, text);
}
std::string_view ToString(Resolution resolution) {
  return kResolutionNames[static_cast<std::size_t>(resolution)];
}
std::optional<Resolution> ParseResolution(std::string_view text) {
  return Parse<kResolutionNames.size(), Resolution>(kResolutionNames, text);
}
bool IsReportReason(std::string_view text) {
  for (const auto reason : kReasons) {
    if (reason == text) return true;
  }
  return false;
}

CreatedReport ReportStore::Create(db::Connection& c, const NewReport& r) const {
  const auto type = ToString(r.target.type);
  // Twice at most: an open report found by the insert may be resolved by a
  // moderator before the SELECT reads it; then a new one is due.
  const auto insert = c.dialect() == db::Dialect::kPostgres ? kInsert : kInsertSqlite;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (const auto row = c.Exec(insert, r.reporter, type, r.target.id, r.reason, r.note, r.now).first()) {
      return {row->Int(0), true};
    }
    if (const auto row = c.Exec(kFindOpen, r.reporter, type, r.target.id).first())
      return {row->Int(0), false};
  }
  throw std::runtime_error("report neither inserted nor found");
}

void ReportStore::SnapshotMessages(db::Connection& c, std::int64_t report, core::ConversationId conversation,
                                   core::MessageId message) const {
  c.Exec(kSnapshot, report, conversation, message, kSnapshotMessagesBefore + 1);
}

std::optional<ReportStore::Header> ReportStore::FindHeader(db::Connection& c, std::int64_t id) const {
  const auto row = c.Exec(kFindHeader, id).first();
  if (!row) return std::nullopt;
  return Header{ReadTarget(*row, 0), row->Text(2) == "open"};
}

std::int64_t ReportStore::Resolve(db::Connection& c, const TargetRef& target, Resolution resolution,
                                  std::optional<core::UserId> by, core::Millis now) const {
  const auto by_value = by ? std::optional<std::int64_t>(by->value) : std::nullopt;
  return c.Exec(kResolve, ToString(target.type), target.id, ToString(resolution), by_value, now).affected;
}

void ReportStore::CloseForPost(db::Connection& c, core::PostId post) const {
  c.Exec(kCloseForPost, post, core::NowMillis());
}

void ReportStore::CloseForComment(db::Connection& c, core::CommentId comment) const {
  c.Exec(kCloseForComment, comment, core::NowMillis());
}

std::vector<QueueItem> ReportStore::Queue(db::Connection& c, bool open,
                                          std::optional<std::int64_t> before_report, int limit) const {
  const auto before = before_report.value_or(std::numeric_limits<std::int64_t>::max());
  std::vector<QueueItem> out;
  for (const auto& row : c.Exec(kQueue, open ? "open" : "resolved", before, limit).rows) {
    out.push_back({ReadTarget(row, 0), row.Int(2), row.Int(3)});
  }
  return out;
}

std::vector<ReportRow> ReportStore::ReportsOf(db::Connection& c, std::span<const TargetRef> targets,
                                              bool open) const {
  if (targets.empty()) return {};
  const auto pairs = InListSize(targets.size());
  std::vector<db::Value> params;
  params.reserve(1 + 2 * pairs);
  params.emplace_back(std::string(open ? "open" : "resolved"));
  for (std::size_t i = 0; i < pairs; ++i) {
    const auto& t = targets[std::min(i, targets.size() - 1)];
    params.emplace_back(std::string(ToString(t.type)));
    params.emplace_back(t.id);
  }
  std::vector<ReportRow> out;
  for (const auto& row : c.Execute(ReportsOfSql(pairs), params).rows) {
    ReportRow r;
    r.id = row.Int(0);
    r.target = ReadTarget(row, 1);
    r.reason = row.Text(3);
    r.note = row.Text(4);
    r.open = row.Text(5) == "open";
    if (const auto resolution = row.OptText(6)) r.resolution = ParseResolution(*resolution);
    r.resolved_at = row.OptInt(7);
    r.created_at = row.Int(8);
    r.reporter = ReadUserColumns(row, kReportColumns);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::pair<std::int64_t, SnapshotMessage>> ReportStore::Snapshots(
    db::Connection& c, std::span<const std::int64_t> reports) const {
  if (reports.empty()) return {};
  const auto params = Padded(reports);
  std::vector<std::pair<std::int64_t, SnapshotMessage>> out;
  for (const auto& row : c.Execute(SnapshotsSql(params.size()), params).rows) {
    SnapshotMessage m{.id = core::MessageId(row.Int(1)),
                      .text = row.Text(2),
                      .had_image = row.Bool(3),
                      .created_at = row.Int(4)};
    if (!row.IsNull(5) && !row.IsNull(6)) m.sender = ReadUserColumns(row, 6);
    out.emplace_back(row.Int(0), std::move(m));
  }
  return out;
}

std::optional<ReportStore::Owner> ReportStore::OwnerOf(db::Connection& c, const TargetRef& target) const {
  switch (target.type) {
    case ReportTarget::kPost:
      if (const auto row = c.Exec(kPostOwner, target.id).first())
        return Owner{.user = core::UserId(row->Int(0))};
      return std::nullopt;
    case ReportTarget::kComment:
      if (const auto row = c.Exec(kCommentOwner, target.id).first()) {
        return Owner{.user = core::UserId(row->Int(0)), .post = core::PostId(row->Int(1))};
      }
      return std::nullopt;
    case ReportTarget::kUser:
      if (const auto row = c.Exec(kUserOwner, target.id).first())
        return Owner{.user = core::UserId(row->Int(0))};
      return std::nullopt;
    case ReportTarget::kMessage:
      if (const auto row = c.Exec(kMessageOwner, target.id).first()) {
        return Owner{.user = core::UserId(row->Int(0)), .conversation = core::ConversationId(row->Int(1))};
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<PublicUserRow> ReportStore::Users(db::Connection& c, std::span<const core::UserId> ids) const {
  if (ids.empty()) return {};
  std::vector<std::int64_t> values;
  values.reserve(ids.size());
  for (const auto id : ids) values.push_back(id.value);
  const auto params = Padded(std::span<const std::int64_t>(values));
  std::vector<PublicUserRow> out;
  for (const auto& row : c.Execute(UsersSql(params.size()), params).rows) out.push_back(ReadUserColumns(row));
  return out;
}

}  // namespace lenslet::store

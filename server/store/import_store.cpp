#include "store/import_store.hpp"

namespace lenslet::store {
namespace {

#define LENSLET_IMPORT_COLUMNS                                                                        \
  "id, user_id, source, archive, status, total, done, skipped, failed, already_imported, photos, " \
  "videos_skipped, next_item, problem_count, error_reason, error_message, attempts, created_at, finished_at"

constexpr std::string_view kCreate =
    "INSERT INTO imports (user_id, archive, archive_folder, run_after, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $4, $4) "
    "RETURNING id";

// The subquery picks one due job; the outer condition is checked again under
// the row lock on PostgreSQL, so of two instances racing only one claims it.
constexpr std::string_view kClaim =
    "UPDATE imports SET status = 'running', claimed_by = $1, claimed_until = $3, attempts = attempts + 1, "
    "updated_at = $2 "
    "WHERE id = (SELECT id FROM imports WHERE status IN ('queued', 'running') AND run_after <= $2 "
    "AND claimed_until < $2 AND archive_folder = $4 ORDER BY run_after, id LIMIT 1) "
    "AND status IN ('queued', 'running') AND claimed_until < $2 RETURNING " LENSLET_IMPORT_COLUMNS;

constexpr std::string_view kSetTotal =
    "UPDATE imports SET total = $3, claimed_until = $4 WHERE id = $1 AND claimed_by = $2 AND status = 'running'";

constexpr std::string_view kAdvance =
    "UPDATE imports SET done = done + $3, skipped = skipped + $4, failed = failed + $5, "
    "already_imported = already_imported + $6, photos = photos + $7, videos_skipped = videos_skipped + $8, "
    "next_item = $9, problem_count = problem_count + $10, claimed_until = $11, updated_at = $12 "
    "WHERE id = $1 AND claimed_by = $2 AND status = 'running'";

constexpr std::string_view kProblem =
    "INSERT INTO import_problems (import_id, seq, item, media, uri, outcome, reason, message) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";

constexpr std::string_view kFinish =
    "UPDATE imports SET status = 'done', claimed_by = NULL, claimed_until = 0, updated_at = $3, finished_at = $3 "
    "WHERE id = $1 AND claimed_by = $2 AND status = 'running'";

constexpr std::string_view kFail =
    "UPDATE imports SET status = 'failed', error_reason = $3, error_message = $4, claimed_by = NULL, "
    "claimed_until = 0, updated_at = $5, finished_at = $5 WHERE id = $1 AND claimed_by = $2 AND status = 'running'";

constexpr std::string_view kRelease =
    "UPDATE imports SET claimed_by = NULL, claimed_until = 0, run_after = $3 "
    "WHERE id = $1 AND claimed_by = $2 AND status = 'running'";

constexpr std::string_view kFind = "SELECT " LENSLET_IMPORT_COLUMNS " FROM imports WHERE id = $1";

constexpr std::string_view kEndedArchives =
    "SELECT id, archive FROM imports WHERE archive_folder = $1 AND status IN ('done', 'failed') "
    "AND archive <> '' ORDER BY id LIMIT $2";
constexpr std::string_view kForgetArchive =
    "UPDATE imports SET archive = '' WHERE id = $1 AND status IN ('done', 'failed')";

constexpr std::string_view kList =
    "SELECT " LENSLET_IMPORT_COLUMNS " FROM imports WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3";

constexpr std::string_view kProblems =
    "SELECT item, media, uri, outcome, reason, message FROM import_problems WHERE import_id = $1 "
    "ORDER BY seq LIMIT 100";

constexpr std::string_view kImported =
    "SELECT 1 FROM imported_items WHERE user_id = $1 AND source = $2 AND item_key = $3";

constexpr std::string_view kRemember =
    "INSERT INTO imported_items (user_id, source, item_key, post_id, import_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";

#undef LENSLET_IMPORT_COLUMNS

ImportRow RowOf(const db::Row& r) {
  ImportRow row;
  row.id = r.Int(0);
  row.user = core::UserId(r.Int(1));
  row.source = r.Text(2);
  row.archive = r.Text(3);
  row.status = r.Text(4);
  row.counts = {r.Int(5), r.Int(6), r.Int(7), r.Int(8), r.Int(9), r.Int(10), r.Int(11)};
  row.next_item = r.Int(12);
  row.problem_count = r.Int(13);
  row.error_reason = r.OptText(14);
  row.error_message = r.OptText(15);
  row.attempts = r.Int(16);
  row.created_at = r.Int(17);
  row.finished_at = r.OptInt(18);
  return row;
}

void RequireLease(const db::Result& result) {
  if (result.affected == 0) throw LeaseLost();
}

}  // namespace

std::int64_t ImportStore::Create(db::Connection& c, core::UserId user, const std::string& archive,
                                 const std::string& folder, core::Millis now) const {
  return c.Exec(kCreate, user, archive, folder, now).one().Int(0);
}

std::optional<ImportRow> ImportStore::Claim(db::Connection& c, const std::string& worker, const std::string& folder,
                                            core::Millis now, core::Millis until) const {
  const auto row = c.Exec(kClaim, worker, now, until, folder).first();
  if (!row) return std::nullopt;
  return RowOf(*row);
}

void ImportStore::SetTotal(db::Connection& c, std::int64_t id, const std::string& worker, std::int64_t total,
                           core::Millis until) const {
  RequireLease(c.Exec(kSetTotal, id, worker, total, until));
}

std::int64_t ImportStore::Advance(db::Connection& c, std::int64_t id, const std::string& worker, const ImportStep& step,
                          std::int64_t problem_count, core::Millis now, core::Millis until) const {
  std::int64_t kept = 0;
  for (const auto& problem : step.problems) {
    if (problem_count + kept >= kMaxImportProblems) break;
    c.Exec(kProblem, id, problem_count + kept, problem.item, problem.media, problem.uri, problem.outcome,
           problem.reason, problem.message);
    ++kept;
  }
  const auto& a = step.add;
  RequireLease(c.Exec(kAdvance, id, worker, a.done, a.skipped, a.failed, a.already_imported, a.photos,
                      a.videos_skipped, step.next_item, kept, until, now));
  return kept;
}

void ImportStore::Finish(db::Connection& c, std::int64_t id, const std::string& worker, core::Millis now) const {
  RequireLease(c.Exec(kFinish, id, worker, now));
}

void ImportStore::Fail(db::Connection& c, std::int64_t id, const std::string& worker, const std::string& reason,
                       const std::string& message, core::Millis now) const {
  RequireLease(c.Exec(kFail, id, worker, reason, message, now));
}

void ImportStore::Release(db::Connection& c, std::int64_t id, const std::string& worker,
                          core::Millis run_after) const {
  c.Exec(kRelease, id, worker, run_after);
}

std::vector<std::pair<std::int64_t, std::string>> ImportStore::EndedArchives(db::Connection& c,
                                                                             const std::string& folder,
                                                                             int limit) const {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (const auto& row : c.Exec(kEndedArchives, folder, static_cast<std::int64_t>(limit)).rows) {
    out.emplace_back(row.Int(0), row.Text(1));
  }
  return out;
}

void ImportStore::ForgetArchive(db::Connection& c, std::int64_t id) const { c.Exec(kForgetArchive, id); }

std::optional<ImportRow> ImportStore::Find(db::Connection& c, std::int64_t id) const {
  const auto row = c.Exec(kFind, id).first();
  if (!row) return std::nullopt;
  return RowOf(*row);
}

std::vector<ImportRow> ImportStore::ListOf(db::Connection& c, core::UserId user, std::optional<std::int64_t> before,
                                           int limit) const {
  std::vector<ImportRow> out;
  for (const auto& r : c.Exec(kList, user, before.value_or(INT64_MAX), limit).rows) out.push_back(RowOf(r));
  return out;
}

std::vector<ImportProblemRow> ImportStore::Problems(db::Connection& c, std::int64_t id) const {
  std::vector<ImportProblemRow> out;
  for (const auto& r : c.Exec(kProblems, id).rows) {
    out.push_back({r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

bool ImportStore::Imported(db::Connection& c, core::UserId user, const std::string& source,
                           const std::string& key) const {
  return !c.Exec(kImported, user, source, key).empty();
}

bool ImportStore::Remember(db::Connection& c, core::UserId user, const std::string& source, const std::string& key,
                           core::PostId post, std::int64_t import_id, core::Millis now) const {
  return c.Exec(kRemember, user, source, key, post, import_id, now).affected > 0;
}

}  // namespace lenslet::store

#include "store/export_store.hpp"

#include <stdexcept>

namespace lenslet::store {
namespace {


// The partial unique index exports_one_pending turns a second pending row of
// the same user into a conflict: nothing is inserted and the first is read.
constexpr std::string_view kInsert =
    "INSERT INTO exports (user_id, status, run_after, created_at) VALUES ($1, 'pending', $2, $2) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kFindPending =
    "SELECT id, user_id, status, attempts, size_bytes, etag, created_at, ready_at, expires_at "
    "FROM exports WHERE user_id = $1 AND status = 'pending'";
constexpr std::string_view kLatest =
    "SELECT id, user_id, status, attempts, size_bytes, etag, created_at, ready_at, expires_at "
    "FROM exports WHERE user_id = $1 AND status <> 'expired' ORDER BY id DESC LIMIT 1";
constexpr std::string_view kFind =
    "SELECT id, user_id, status, attempts, size_bytes, etag, created_at, ready_at, expires_at "
    "FROM exports WHERE id = $1";

// WARNING: the lease condition is repeated in the UPDATE's own WHERE: on
// PostgreSQL a concurrent claimer of the same row waits for the first one's
// row lock, then re-evaluates it and updates nothing.
constexpr std::string_view kClaim =
    "UPDATE exports SET claimed_until = $2, claim_token = $3, attempts = attempts + 1 "
    "WHERE id = (SELECT id FROM exports WHERE status = 'pending' AND run_after <= $1 "
    "            AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY run_after, id LIMIT 1) "
    "  AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $1) "
    "RETURNING id, user_id, attempts";
constexpr std::string_view kRenew =
    "UPDATE exports SET claimed_until = $3 WHERE id = $1 AND claim_token = $2 AND status = 'pending'";
constexpr std::string_view kMarkReady =
    "UPDATE exports SET status = 'ready', size_bytes = $3, etag = $4, ready_at = $5, expires_at = $6, "
    "claimed_until = NULL, claim_token = NULL, last_error = NULL "
    "WHERE id = $1 AND claim_token = $2 AND status = 'pending'";
constexpr std::string_view kExpireOlder =
    "UPDATE exports SET status = 'expired', expires_at = $3 WHERE user_id = $1 AND id <> $2 AND status = 'ready'";
constexpr std::string_view kAttemptFailed =
    "UPDATE exports SET status = $3, run_after = $4, last_error = $5, claimed_until = NULL, claim_token = NULL "
    "WHERE id = $1 AND claim_token = $2 AND status = 'pending'";
constexpr std::string_view kRelease =
    "UPDATE exports SET claimed_until = NULL, claim_token = NULL, attempts = attempts - 1 "
    "WHERE id = $1 AND claim_token = $2 AND status = 'pending' AND attempts > 0";
constexpr std::string_view kExpireDue =
    "UPDATE exports SET status = 'expired' WHERE status = 'ready' AND expires_at <= $1 RETURNING id";
constexpr std::string_view kLiveIds =
    "SELECT id, status FROM exports WHERE status = 'ready' OR (status = 'pending' AND claimed_until >= $1)";

ExportStatus StatusOf(const std::string& text) {
  if (text == "pending") return ExportStatus::kPending;
  if (text == "ready") return ExportStatus::kReady;
  if (text == "failed") return ExportStatus::kFailed;
  if (text == "expired") return ExportStatus::kExpired;
  throw std::runtime_error("unknown export status " + text);
}

ExportRow RowOf(const db::Row& r) {
  return ExportRow{.id = ExportId(r.Int(0)),
                   .user = core::UserId(r.Int(1)),
                   .status = StatusOf(r.Text(2)),
                   .attempts = r.Int(3),
                   .size_bytes = r.OptInt(4),
                   .etag = r.OptText(5),
                   .created_at = r.Int(6),
                   .ready_at = r.OptInt(7),
                   .expires_at = r.OptInt(8)};
}

std::optional<ExportRow> FirstRow(const db::Result& result) {
  if (result.empty()) return std::nullopt;
  return RowOf(result.rows.front());
}

}  // namespace

std::string_view ToString(ExportStatus status) {
  switch (status) {
    case ExportStatus::kPending: return "pending";
    case ExportStatus::kReady: return "ready";
    case ExportStatus::kFailed: return "failed";
    case ExportStatus::kExpired: return "expired";
  }
  return "failed";
}

ExportStore::Requested ExportStore::Request(db::Connection& c, core::UserId user, core::Millis now) const {
  const bool created = !c.Exec(kInsert, user, now).empty();
  auto row = FirstRow(c.Exec(kFindPending, user));
  if (!row) throw std::runtime_error("export request vanished inside its unit");
  return {.row = std::move(*row), .created = created};
}

std::optional<ExportRow> ExportStore::Latest(db::Connection& c, core::UserId user) const {
  return FirstRow(c.Exec(kLatest, user));
}

std::optional<ExportRow> ExportStore::Find(db::Connection& c, ExportId id) const {
  return FirstRow(c.Exec(kFind, id));
}

std::optional<ExportClaim> ExportStore::Claim(db::Connection& c, core::Millis now, core::Millis lease_ms,
                                              const std::string& token) const {
  const auto result = c.Exec(kClaim, now, now + lease_ms, token);
  if (result.empty()) return std::nullopt;
  const auto& r = result.rows.front();
  return ExportClaim{.id = ExportId(r.Int(0)), .user = core::UserId(r.Int(1)), .attempts = r.Int(2), .token = token};
}

bool ExportStore::Renew(db::Connection& c, const ExportClaim& claim, core::Millis until) const {
  return c.Exec(kRenew, claim.id, claim.token, until).affected > 0;
}

bool ExportStore::MarkReady(db::Connection& c, const ExportClaim& claim, std::int64_t size_bytes,
                            const std::string& etag, core::Millis now, core::Millis expires_at) const {
  if (c.Exec(kMarkReady, claim.id, claim.token, size_bytes, etag, now, expires_at).affected == 0) return false;
  c.Exec(kExpireOlder, claim.user, claim.id, now);
  return true;
}

bool ExportStore::MarkAttemptFailed(db::Connection& c, const ExportClaim& claim, const std::string& error,
                                    core::Millis retry_at, bool give_up) const {
  return c.Exec(kAttemptFailed, claim.id, claim.token, give_up ? "failed" : "pending", retry_at, error).affected > 0;
}

bool ExportStore::Release(db::Connection& c, const ExportClaim& claim) const {
  return c.Exec(kRelease, claim.id, claim.token).affected > 0;
}

std::vector<ExportId> ExportStore::ExpireDue(db::Connection& c, core::Millis now) const {
  std::vector<ExportId> ids;
  for (const auto& r : c.Exec(kExpireDue, now).rows) ids.emplace_back(r.Int(0));
  return ids;
}

ExportStore::Live ExportStore::LiveExports(db::Connection& c, core::Millis now) const {
  Live live;
  for (const auto& r : c.Exec(kLiveIds, now).rows) {
    (r.Text(1) == "ready" ? live.ready : live.building).emplace_back(r.Int(0));
  }
  return live;
}

}  // namespace lenslet::store

#include "store/session_store.hpp"

#include <algorithm>

#include "store/id_high_water.hpp"
#include "store/post_store.hpp"

namespace lenslet::store {
namespace {

#define LENSLET_SESSION_COLUMNS \
  "id, user_id, created_at, last_seen_at, expires_at, revoked_at, user_agent, ip"

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (user_id, created_at, last_seen_at, expires_at, user_agent, ip) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " LENSLET_SESSION_COLUMNS;
// A purged account's logins are deleted while the session cache (and the
// cluster's revocation list) still holds their ids as ended: never given again.
constexpr std::string_view kInsertSessionSqlite =
    "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip) "
    "VALUES (" LENSLET_NEXT_ID("sessions") ", $1, $2, $3, $4, $5, $6) RETURNING " LENSLET_SESSION_COLUMNS;

constexpr std::string_view kFindSession = "SELECT " LENSLET_SESSION_COLUMNS " FROM sessions WHERE id = $1";

constexpr std::string_view kActiveSessions =
    "SELECT " LENSLET_SESSION_COLUMNS " FROM sessions WHERE user_id = $1 AND revoked_at IS NULL "
    "AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC LIMIT $3";

#undef LENSLET_SESSION_COLUMNS

constexpr std::string_view kFindActiveSession =
    "SELECT user_id, expires_at FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2";

constexpr std::string_view kHasLoggedInFrom = "SELECT 1 FROM sessions WHERE user_id = $1 AND ip = $2 LIMIT 1";

constexpr std::string_view kExtendSession =
    "UPDATE sessions SET last_seen_at = $1, expires_at = $2, ip = $4 WHERE id = $3 AND revoked_at IS NULL";

constexpr std::string_view kRevokeSession =
    "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING user_id";

constexpr std::string_view kRevokeAllForUser =
    "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id";

constexpr std::string_view kRevokeAllForUserExcept =
    "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL RETURNING id";

constexpr std::string_view kInsertRefreshToken =
    "INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES ($1, $2, $3)";

constexpr std::string_view kFindRefreshToken =
    "SELECT token_hash, session_id, created_at, used_at FROM refresh_tokens WHERE token_hash = $1";

// WARNING: the "used_at IS NULL" condition is what makes rotation race-free;
// the caller checks the affected row count.
constexpr std::string_view kMarkRefreshTokenUsed =
    "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL";

// Refresh tokens are deleted explicitly rather than through ON DELETE CASCADE
// so that cleanup does not depend on SQLite's foreign_keys pragma.
constexpr std::string_view kDeleteEndedRefreshTokens =
    "DELETE FROM refresh_tokens WHERE session_id IN "
    "(SELECT id FROM sessions WHERE expires_at < $1 OR revoked_at < $2)";

constexpr std::string_view kDeleteEndedSessions =
    "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $2";

SessionRow ReadSession(const db::Row& r) {
  SessionRow s;
  s.id = core::SessionId(r.Int(0));
  s.user_id = core::UserId(r.Int(1));
  s.created_at = r.Int(2);
  s.last_seen_at = r.Int(3);
  s.expires_at = r.Int(4);
  s.revoked_at = r.OptInt(5);
  s.user_agent = r.Text(6);
  s.ip = r.Text(7);
  return s;
}

}  // namespace

SessionRow SessionStore::CreateSession(db::Connection& c, const NewSession& session) const {
  const auto insert = c.dialect() == db::Dialect::kPostgres ? kInsertSession : kInsertSessionSqlite;
  return ReadSession(c.Exec(insert, session.user_id, session.now, session.now, session.expires_at,
                            session.user_agent, session.ip)
                         .one());
}

std::optional<SessionRow> SessionStore::FindSession(db::Connection& c, core::SessionId id) const {
  const auto row = c.Exec(kFindSession, id).first();
  if (!row) return std::nullopt;
  return ReadSession(*row);
}

std::optional<ActiveSession> SessionStore::FindActiveSession(db::Connection& c, core::SessionId id,
                                                             core::Millis now) const {
  const auto row = c.Exec(kFindActiveSession, id, now).first();
  if (!row) return std::nullopt;
  return ActiveSession{core::UserId(row->Int(0)), row->Int(1)};
}

std::vector<core::SessionId> SessionStore::ActiveAmong(db::Connection& c, const std::vector<core::SessionId>& ids,
                                                       core::Millis now) const {
  std::vector<core::SessionId> active;
  for (std::size_t start = 0; start < ids.size(); start += kMaxActiveAmong) {
    const auto count = std::min(kMaxActiveAmong, ids.size() - start);
    // Padded to a power of two (repeating the last id) so a handful of SQL
    // texts cover every batch size and stay prepared.
    const auto size = InListSize(count);
    std::vector<db::Value> params{db::Value(now)};
    params.reserve(size + 1);
    for (std::size_t i = 0; i < count; ++i) params.emplace_back(ids[start + i].value);
    while (params.size() < size + 1) params.emplace_back(ids[start + count - 1].value);
    const auto sql = "SELECT id FROM sessions WHERE id IN " + InList(2, size) +
                     " AND revoked_at IS NULL AND expires_at > $1";
    for (const auto& row : c.Execute(sql, params).rows) active.emplace_back(row.Int(0));
  }
  return active;
}

bool SessionStore::HasLoggedInFrom(db::Connection& c, core::UserId user, std::string_view ip) const {
  return c.Exec(kHasLoggedInFrom, user, ip).first().has_value();
}

bool SessionStore::ExtendSession(db::Connection& c, core::SessionId id, core::Millis now,
                                 core::Millis expires_at, std::string_view ip) const {
  return c.Exec(kExtendSession, now, expires_at, id, ip).affected > 0;
}

std::vector<SessionRow> SessionStore::ActiveSessions(db::Connection& c, core::UserId user, core::Millis now,
                                                     std::int64_t limit) const {
  std::vector<SessionRow> out;
  for (const auto& row : c.Exec(kActiveSessions, user, now, limit).rows) out.push_back(ReadSession(row));
  return out;
}

std::optional<core::UserId> SessionStore::RevokeSession(db::Connection& c, core::SessionId id,
                                                        core::Millis now) const {
  const auto row = c.Exec(kRevokeSession, now, id).first();
  if (!row) return std::nullopt;
  return core::UserId(row->Int(0));
}

std::vector<core::SessionId> SessionStore::RevokeAllForUser(db::Connection& c, core::UserId user,
                                                            core::Millis now) const {
  std::vector<core::SessionId> ids;
  for (const auto& row : c.Exec(kRevokeAllForUser, now, user).rows) ids.emplace_back(row.Int(0));
  return ids;
}

std::vector<core::SessionId> SessionStore::RevokeAllForUserExcept(db::Connection& c, core::UserId user,
                                                                  core::SessionId keep, core::Millis now) const {
  std::vector<core::SessionId> ids;
  for (const auto& row : c.Exec(kRevokeAllForUserExcept, now, user, keep).rows) ids.emplace_back(row.Int(0));
  return ids;
}

void SessionStore::InsertRefreshToken(db::Connection& c, std::string_view token_hash, core::SessionId session,
                                      core::Millis now) const {
  c.Exec(kInsertRefreshToken, token_hash, session, now);
}

std::optional<RefreshTokenRow> SessionStore::FindRefreshToken(db::Connection& c,
                                                              std::string_view token_hash) const {
  const auto row = c.Exec(kFindRefreshToken, token_hash).first();
  if (!row) return std::nullopt;
  return RefreshTokenRow{row->Text(0), core::SessionId(row->Int(1)), row->Int(2), row->OptInt(3)};
}

bool SessionStore::MarkRefreshTokenUsed(db::Connection& c, std::string_view token_hash,
                                        core::Millis now) const {
  return c.Exec(kMarkRefreshTokenUsed, now, token_hash).affected == 1;
}

std::int64_t SessionStore::DeleteEndedBefore(db::Connection& c, core::Millis cutoff) const {
  c.Exec(kDeleteEndedRefreshTokens, cutoff, cutoff);
  return c.Exec(kDeleteEndedSessions, cutoff, cutoff).affected;
}

}  // namespace lenslet::store

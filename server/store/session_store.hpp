#pragma once
// Logins ("sessions") and their rotating refresh tokens. The rules (rotation,
// reuse detection, lifetimes) live in auth/; this file only reads and writes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

struct ActiveSession {
  core::UserId user;
  core::Millis expires_at = 0;
};

// One row of `sessions`.
struct SessionRow {
  core::SessionId id;
  core::UserId user_id;
  core::Millis created_at = 0;
  core::Millis last_seen_at = 0;
  core::Millis expires_at = 0;
  std::optional<core::Millis> revoked_at;
  std::string user_agent;
  std::string ip;

  bool IsActive(core::Millis now) const { return !revoked_at && now < expires_at; }
};

struct NewSession {
  core::UserId user_id;
  core::Millis now = 0;
  core::Millis expires_at = 0;
  std::string user_agent;
  std::string ip;
};

// One row of `refresh_tokens`; the token itself is never stored, only its hash.
struct RefreshTokenRow {
  std::string token_hash;
  core::SessionId session_id;
  core::Millis created_at = 0;
  std::optional<core::Millis> used_at;
};

class SessionStore {
 public:
  SessionRow CreateSession(db::Connection& c, const NewSession& session) const;
  std::optional<SessionRow> FindSession(db::Connection& c, core::SessionId id) const;
  // The session's user and expiry when it is neither revoked nor expired at `now`.
  std::optional<ActiveSession> FindActiveSession(db::Connection& c, core::SessionId id, core::Millis now) const;
  // The subset of `ids` that are neither revoked nor expired at `now`. One
  // statement per kMaxActiveAmong ids (connected sockets re-check their logins
  // in batches; see api/live/session_watch.hpp).
  static constexpr std::size_t kMaxActiveAmong = 256;
  std::vector<core::SessionId> ActiveAmong(db::Connection& c, const std::vector<core::SessionId>& ids,
                                           core::Millis now) const;
  // Whether the user ever logged in from `ip` (a session row, ended or not,
  // still kept): the login throttle lets such a client skip the queue of an
  // account under attack (auth/login_throttle.hpp).
  bool HasLoggedInFrom(db::Connection& c, core::UserId user, std::string_view ip) const;
  // Slides an active session's expiry forward (on refresh) and notes when and
  // from where it was last used. False if it is revoked or unknown.
  bool ExtendSession(db::Connection& c, core::SessionId id, core::Millis now, core::Millis expires_at,
                     std::string_view ip) const;
  // The user's active logins, most recently used first, at most `limit`.
  std::vector<SessionRow> ActiveSessions(db::Connection& c, core::UserId user, core::Millis now,
                                         std::int64_t limit) const;
  // Returns the session's user when this call revoked it; nullopt when it was
  // unknown or already revoked (so revoking twice is harmless).
  std::optional<core::UserId> RevokeSession(db::Connection& c, core::SessionId id, core::Millis now) const;
  // Revokes every active session of the user and returns their ids.
  std::vector<core::SessionId> RevokeAllForUser(db::Connection& c, core::UserId user, core::Millis now) const;
  // The same, sparing `keep` (the login that changed the password stays signed in).
  std::vector<core::SessionId> RevokeAllForUserExcept(db::Connection& c, core::UserId user, core::SessionId keep,
                                                      core::Millis now) const;

  void InsertRefreshToken(db::Connection& c, std::string_view token_hash, core::SessionId session,
                          core::Millis now) const;
  std::optional<RefreshTokenRow> FindRefreshToken(db::Connection& c, std::string_view token_hash) const;
  // Marks the token used only if it is not used yet; true when this call did
  // it. Two concurrent refreshes with one token: exactly one gets true.
  bool MarkRefreshTokenUsed(db::Connection& c, std::string_view token_hash, core::Millis now) const;

  // Housekeeping: deletes sessions (and their refresh tokens) that expired or
  // were revoked before `cutoff`. Returns the number of sessions deleted.
  std::int64_t DeleteEndedBefore(db::Connection& c, core::Millis cutoff) const;
};

}  // namespace lenslet::store

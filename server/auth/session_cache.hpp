#pragma once
// An in-process memory of "is this session still active?" so that not every
// authenticated request reads the sessions table. Revocations made in this
// process apply at once. An "active" answer is kept up to `announced_ttl_ms`
// (and never past the session's expiry); how long the caller may trust it
// depends on whether a revocation by another process would have reached it
// (AuthService::Authenticate): always in the sole instance (SQLite), when the
// revocation list answered (Redis), and otherwise for `positive_ttl_ms` only
// (2 s: several instances without Redis). Thread-safe.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "auth/clock.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace lenslet::auth {

struct SessionCacheOptions {
  // How long an "active" answer is trusted when a revocation elsewhere may
  // not have reached this process.
  core::Millis positive_ttl_ms = 2'000;
  // How long it is kept, for when every revocation reaches this process. A
  // person acts every few seconds to minutes; 2 s made nearly every request
  // of the capacity mix read the sessions table (9 % of the server's CPU).
  core::Millis announced_ttl_ms = 10 * 60'000;
  // A revoked or expired session never becomes active again, so negative
  // answers may be kept longer; they spare the database repeated bad tokens.
  core::Millis negative_ttl_ms = 10'000;
  std::size_t max_entries = 100'000;
};

struct CachedSession {
  bool active = false;
  core::UserId user;          // meaningful when active
  core::Millis checked_at = 0;  // when the database said so
};

class SessionCache {
 public:
  explicit SessionCache(SessionCacheOptions options = {}, Clock clock = {});

  std::optional<CachedSession> Find(core::SessionId id);

  // Changes every time an entry is removed or marked inactive. Read it before
  // asking the database and pass it to PutActive: if a logout happened in
  // between, the (now stale) "active" answer is not cached.
  std::uint64_t epoch() const;
  // `session_expires_at`: the session's own end, which the entry never outlives.
  void PutActive(core::SessionId id, core::UserId user, std::uint64_t observed_epoch,
                 core::Millis session_expires_at);
  void PutInactive(core::SessionId id);
  void Erase(core::SessionId id);
  void Clear();
  std::size_t size() const;

 private:
  struct Entry {
    CachedSession value;
    core::Millis expires_at = 0;
  };
  void MakeRoom(core::Millis now);  // with mutex_ held

  SessionCacheOptions options_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::unordered_map<core::SessionId, Entry> entries_;
  std::uint64_t epoch_ = 0;
};

}  // namespace lenslet::auth

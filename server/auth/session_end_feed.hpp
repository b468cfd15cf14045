#pragma once
// Logins ended by any process on this database, announced to this one as
// they end (issue 16). PostgreSQL without Redis has no revocation list, so a
// cached "active" answer could only be trusted for the session cache's short
// ttl, and nearly every request read the sessions table: a third of the
// statements of a post view. With a feed that is listening, every login
// ended after `ListeningSince()` has reached (or is about to reach, within
// the announcement's delivery) this process's cache, so answers checked since
// then hold for session_cache.announced_ttl_ms.
#include <optional>

#include "core/time.hpp"

namespace lenslet::auth {

class SessionEndFeed {
 public:
  virtual ~SessionEndFeed() = default;
  // Since when (the auth clock) the feed has listened without a break;
  // nullopt while it is not listening (then nothing past the short ttl).
  virtual std::optional<core::Millis> ListeningSince() const = 0;
};

}  // namespace lenslet::auth

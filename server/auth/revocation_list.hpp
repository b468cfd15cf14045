#pragma once
// Logins ended by any instance, told to every instance before the client that
// ended them is answered (issue 15.6). The session cache spares the database
// a read per request; this list is what makes a cached "active" answer safe
// when another instance may have revoked the login a moment ago. With one
// process (no Redis) there is none: its own cache is told directly.
#include <boost/asio/awaitable.hpp>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::auth {

enum class Revoked { kNo, kYes, kUnknown };

class RevocationList {
 public:
  virtual ~RevocationList() = default;
  // Records that `sessions` ended; returns once recorded or given up on
  // (Redis away: the others then learn within the session cache's ttl).
  virtual boost::asio::awaitable<void> Add(std::vector<core::SessionId> sessions) = 0;
  // Whether `session` was ended lately by any instance; kUnknown when that
  // cannot be told quickly (the caller trusts its cache, as before).
  virtual boost::asio::awaitable<Revoked> Contains(core::SessionId session) = 0;
};

}  // namespace lenslet::auth

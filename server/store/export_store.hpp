#pragma once
// Exports of a user's data (migration 0017): the durable queue the export job
// claims from, with a lease, and the state GET /users/me/export shows. What
// goes into an archive is read by ExportDataStore (export_data_store.hpp).
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

using ExportId = core::Id<struct ExportTag>;

enum class ExportStatus { kPending, kReady, kFailed, kExpired };

struct ExportRow {
  ExportId id;
  core::UserId user;
  ExportStatus status = ExportStatus::kPending;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> size_bytes;  // ready only
  std::optional<std::string> etag;         // ready only
  core::Millis created_at = 0;
  std::optional<core::Millis> ready_at;
  std::optional<core::Millis> expires_at;  // ready only
};

// A row the caller holds the lease of: only `token` may renew, finish or
// release it, until `claimed_until`.
struct ExportClaim {
  ExportId id;
  core::UserId user;
  std::int64_t attempts = 0;  // this one included
  std::string token;
};

class ExportStore {
 public:
  // The pending export of `user`, created when there is none (at most one per
  // user: a concurrent second request finds the first). `created`: this call
  // inserted it.
  struct Requested {
    ExportRow row;
    bool created = false;
  };
  Requested Request(db::Connection& c, core::UserId user, core::Millis now) const;

  // The user's newest export that is not expired; nullopt: none.
  std::optional<ExportRow> Latest(db::Connection& c, core::UserId user) const;
  std::optional<ExportRow> Find(db::Connection& c, ExportId id) const;

  // Claims the oldest pending row whose back-off has passed and whose lease
  // (if any) ran out, for `lease_ms`, under a fresh `token`. Two instances on
  // one PostgreSQL never both get a row: the claim re-checks the lease in the
  // UPDATE itself.
  std::optional<ExportClaim> Claim(db::Connection& c, core::Millis now, core::Millis lease_ms,
                                   const std::string& token) const;
  // Extends the lease; false when it is no longer the caller's.
  bool Renew(db::Connection& c, const ExportClaim& claim, core::Millis until) const;
  // pending → ready with the archive's size and ETag. False when the lease is
  // no longer the caller's (nothing changes). Older ready exports of the user
  // expire now: one archive per user at a time.
  bool MarkReady(db::Connection& c, const ExportClaim& claim, std::int64_t size_bytes, const std::string& etag,
                 core::Millis now, core::Millis expires_at) const;
  // A failed attempt: pending again after `retry_at`, or failed when
  // `give_up`. The lease is released. False when it was not the caller's.
  bool MarkAttemptFailed(db::Connection& c, const ExportClaim& claim, const std::string& error,
                         core::Millis retry_at, bool give_up) const;
  // Gives the lease back without counting an attempt (a clean shutdown).
  bool Release(db::Connection& c, const ExportClaim& claim) const;

  // Ready exports whose expires_at passed become expired (their files are
  // deleted by the caller after the unit). Returns their ids.
  std::vector<ExportId> ExpireDue(db::Connection& c, core::Millis now) const;
  // The exports whose files must stay: ready ones (their archive), and
  // those being built now (pending with a lease that has not run out).
  struct Live {
    std::vector<ExportId> ready;
    std::vector<ExportId> building;
  };
  Live LiveExports(db::Connection& c, core::Millis now) const;
};

std::string_view ToString(ExportStatus status);

}  // namespace lenslet::store

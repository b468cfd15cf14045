#pragma once
// Import jobs (migration 0018): the durable queue the import worker claims
// from, the per-user keys of what was imported, and the bounded report.
//
//   auto job = store.Claim(c, worker, now, lease);           // one worker at a time
//   store.Advance(c, job, progress, now + lease);           // in the unit of each post
//   store.Finish(c, id, worker, now) / Fail(...) / Release(...)
//
// Every write of a claimed job names its worker: a worker whose lease ran out
// (and whose job another worker took over) changes nothing (LeaseLost).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

struct ImportCounts {
  std::int64_t total = 0;
  std::int64_t done = 0;
  std::int64_t skipped = 0;
  std::int64_t failed = 0;
  std::int64_t already_imported = 0;
  std::int64_t photos = 0;
  std::int64_t videos_skipped = 0;
};

struct ImportProblemRow {
  std::int64_t item = 0;
  std::optional<std::int64_t> media;
  std::string uri;
  std::string outcome;  // "skipped" | "failed"
  std::string reason;
  std::string message;
};

struct ImportRow {
  std::int64_t id = 0;
  core::UserId user;
  std::string source;
  std::string archive;
  std::string status;  // queued | running | done | failed
  ImportCounts counts;
  std::int64_t next_item = 0;
  std::int64_t problem_count = 0;
  std::optional<std::string> error_reason;
  std::optional<std::string> error_message;
  std::int64_t attempts = 0;
  core::Millis created_at = 0;
  std::optional<core::Millis> finished_at;
};

// What one handled post adds to its import (counters are increments).
struct ImportStep {
  ImportCounts add;  // `total` unused
  std::int64_t next_item = 0;
  std::vector<ImportProblemRow> problems;
};

class LeaseLost : public std::runtime_error {
 public:
  LeaseLost() : std::runtime_error("the import's lease was taken over") {}
};

inline constexpr std::int64_t kMaxImportProblems = 100;

class ImportStore {
 public:
  // Throws ConstraintViolation(kUnique) when the user has an import queued or running.
  // `folder`: the data folder the archive is in (ImportSettings::folder_id).
  std::int64_t Create(db::Connection& c, core::UserId user, const std::string& archive, const std::string& folder,
                      core::Millis now) const;

  // The oldest queued import whose archive is in `folder`, or such a running
  // one whose lease ran out, now leased to `worker` until `until`; nullopt
  // when none is due.
  std::optional<ImportRow> Claim(db::Connection& c, const std::string& worker, const std::string& folder,
                                 core::Millis now, core::Millis until) const;

  // Saves the archive's post count once known. Throws LeaseLost.
  void SetTotal(db::Connection& c, std::int64_t id, const std::string& worker, std::int64_t total,
                core::Millis until) const;
  // Adds one post's outcome and its problems (kept while fewer than
  // kMaxImportProblems are stored), renewing the lease. `problem_count` is
  // the job's count before this step. Returns how many problems were kept.
  // Throws LeaseLost.
  std::int64_t Advance(db::Connection& c, std::int64_t id, const std::string& worker, const ImportStep& step,
               std::int64_t problem_count, core::Millis now, core::Millis until) const;
  // Ends the import: done, or failed with a reason. Throws LeaseLost.
  void Finish(db::Connection& c, std::int64_t id, const std::string& worker, core::Millis now) const;
  void Fail(db::Connection& c, std::int64_t id, const std::string& worker, const std::string& reason,
            const std::string& message, core::Millis now) const;
  // Gives the job back (shutdown, or a fault to retry after `run_after`).
  void Release(db::Connection& c, std::int64_t id, const std::string& worker, core::Millis run_after) const;

  // Ended imports (done or failed: by their job, or by the account's purge)
  // whose archive in the data folder `folder` may still be on disk, at most
  // `limit`: {id, archive file name}. The job removes its archive as it ends,
  // but not when it is stopped from outside (the purge) or crashes there.
  std::vector<std::pair<std::int64_t, std::string>> EndedArchives(db::Connection& c, const std::string& folder,
                                                                  int limit) const;
  // The archive of `id` is gone from disk.
  void ForgetArchive(db::Connection& c, std::int64_t id) const;

  std::optional<ImportRow> Find(db::Connection& c, std::int64_t id) const;
  // The user's imports, newest first, with id < `before`.
  std::vector<ImportRow> ListOf(db::Connection& c, core::UserId user, std::optional<std::int64_t> before,
                                int limit) const;
  std::vector<ImportProblemRow> Problems(db::Connection& c, std::int64_t id) const;

  // Whether this user already imported the item with that key.
  bool Imported(db::Connection& c, core::UserId user, const std::string& source, const std::string& key) const;
  // Records the key; false when it was there already (nothing written).
  bool Remember(db::Connection& c, core::UserId user, const std::string& source, const std::string& key,
                core::PostId post, std::int64_t import_id, core::Millis now) const;
};

}  // namespace lenslet::store

#include "store/periodic_job_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kClaimDue =
    "UPDATE periodic_jobs SET due_at = CAST($2 AS BIGINT) + CAST($3 AS BIGINT) WHERE name = $1 "
    "AND (due_at <= $2 OR due_at > CAST($2 AS BIGINT) + CAST($3 AS BIGINT))";
constexpr std::string_view kProgress = "SELECT progress FROM periodic_jobs WHERE name = $1";
constexpr std::string_view kSetProgress = "UPDATE periodic_jobs SET progress = $2 WHERE name = $1";

}  // namespace

bool PeriodicJobStore::ClaimDue(db::Connection& c, std::string_view job, core::Millis now,
                                core::Millis interval) const {
  return c.Exec(kClaimDue, job, now, interval).affected == 1;
}

std::int64_t PeriodicJobStore::Progress(db::Connection& c, std::string_view job) const {
  const auto row = c.Exec(kProgress, job).first();
  return row ? row->Int(0) : 0;
}

void PeriodicJobStore::SetProgress(db::Connection& c, std::string_view job, std::int64_t progress) const {
  c.Exec(kSetProgress, job, progress);
}

}  // namespace lenslet::store

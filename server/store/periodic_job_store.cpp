#include "store/periodic_job_store.hpp"

namespace lenslet::store {
namespace {

constexpr std::string_view kClaimDue =
    "UPDATE periodic_jobs SET due_at = CAST($2 AS BIGINT) + CAST($3 AS BIGINT) WHERE name = $1 AND due_at <= "
    "$2";

}  // namespace

bool PeriodicJobStore::ClaimDue(db::Connection& c, std::string_view job, core::Millis now,
                                core::Millis interval) const {
  return c.Exec(kClaimDue, job, now, interval).affected == 1;
}

}  // namespace lenslet::store

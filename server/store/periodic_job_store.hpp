#pragma once
// Jobs the installation runs every so often, once per interval whichever
// instance runs them (migration 0027, periodic_jobs): each job is a row with
// its next due time. ClaimDue moves it ahead in one UPDATE; only the
// instance whose UPDATE changed the row runs the job this time, the others
// find it not due. A job an instance dies in is simply due again at the next
// interval, so every periodic job must be idempotent and safe to cut short.
#include <cstdint>
#include <string_view>

#include "core/time.hpp"
#include "db/database.hpp"

namespace lenslet::store {

class PeriodicJobStore {
 public:
  // True when `job` was due at `now` and is now this caller's to run: its
  // next due time is now + interval. False when another claim came first
  // (or the job is unknown). One statement.
  // A due time further ahead than one interval (the interval was shortened,
  // or an instance's clock ran ahead) is claimed too.
  bool ClaimDue(db::Connection& c, std::string_view job, core::Millis now, core::Millis interval) const;

  // How far the job's last run got (0: it finished, or never ran), and
  // setting it. One statement each.
  std::int64_t Progress(db::Connection& c, std::string_view job) const;
  void SetProgress(db::Connection& c, std::string_view job, std::int64_t progress) const;
};

}  // namespace lenslet::store

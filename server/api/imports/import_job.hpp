#pragma once
// One Instagram import, run to its end by the import worker
// (app/import_worker.hpp) once it has claimed the job's row:
//
//   archive (files pool): entry count, zip-bomb checks, posts_<n>.json found
//     and parsed; a broken archive fails the import with a reason
//   for each post from where the last run stopped (next_item):
//     already imported (its key in imported_items)? → skipped
//     each photo: uri → entry (never leaving the archive) → extracted under a
//       name of ours → sniffed and processed like an upload (images pool);
//       videos skipped, a refused photo reported, at most 10 per post
//     ONE write unit: the post (hashtags, post count, its original date; no
//       mention notification, no live event to anyone but the owner), its
//       key, the job's progress and report lines
//     `import:progress` to the owner's devices
//
// A fault that is nobody's (database away, pools full, disk full) retries the
// same post with back-off, then gives the job back to be taken again later.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <string>

#include "api/services.hpp"
#include "core/time.hpp"
#include "store/import_store.hpp"

namespace lenslet::api::imports {

struct ImportJobOptions {
  std::string worker;               // who holds the lease (claimed_by)
  core::Millis lease_ms = 30'000;   // renewed with every post
};

// Returns when the import ended, was given back (a fault, or `stopping`) or
// its lease was lost.
boost::asio::awaitable<void> RunImport(Services& services, store::ImportRow job, ImportJobOptions options,
                                       const std::atomic<bool>& stopping);

// The file names that are videos (skipped and counted, not refused).
bool IsVideoUri(std::string_view uri);

}  // namespace lenslet::api::imports

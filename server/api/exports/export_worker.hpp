#pragma once
// The export job (issue 14.7), built like every background job here
// (docs/data-ownership.md "Exports of a user's data"): its state is the `exports` table
// (store/export_store.hpp), so a request survives a restart or a kill -9; a
// timer on the control loop wakes it every `poll_interval` and hands the
// blocking work to its own worker pool, never to a network thread:
//   - ready exports past their expiry become expired and their files go;
//   - files of no live export (a crash's leftovers, an expired or replaced
//     archive) older than one lease are swept;
//   - pending rows are claimed one at a time with a lease (`claimed_until`,
//     renewed while the build runs), so two instances on one PostgreSQL never
//     build the same row; a failed build is retried with back-off and given up
//     after `max_attempts`.
// Stop() (SIGTERM) makes a running build stop at its next piece, remove what
// it wrote and give its lease back, so another instance (or the next start)
// takes the row over at once. After a kill -9 the lease runs out first; the
// next build removes the dead one's files and starts from scratch.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>

#include "core/time.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "media/blob_store.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

struct ExportWorkerOptions {
  std::filesystem::path dir;  // <data-dir>/exports
  std::chrono::milliseconds poll_interval{5'000};
  std::chrono::milliseconds lease{60'000};
  core::Millis ttl_ms = 7LL * 24 * 60 * 60'000;  // how long a ready archive is served
  std::uint64_t bytes_per_second = 0;            // archive writing pace; 0: unlimited
  int max_attempts = 5;
  std::chrono::milliseconds first_retry{30'000};  // doubled at every failed attempt, at most an hour
};

class ExportWorker {
 public:
  ExportWorker(db::Database& db, const media::BlobStore& blobs, const std::atomic<bool>& ready,
               ExportWorkerOptions options);
  ~ExportWorker();

  // The timer loop: co_spawn it on the control loop's io_context.
  boost::asio::awaitable<void> Run();
  // Ends the running build at its next piece and stops claiming. Thread-safe.
  void Stop() { stopping_.store(true); }

  // One pass (expire, sweep, build what is pending), blocking: what Run hands
  // to the pool.
  void Tick();

 private:
  void Build(const store::ExportClaim& claim);
  void Sweep(core::Millis now);

  db::Database& db_;
  const media::BlobStore& blobs_;
  const std::atomic<bool>& ready_;
  ExportWorkerOptions options_;
  std::atomic<bool> stopping_{false};
  store::ExportStore store_;
  // WARNING: last, so it is destroyed (its thread joined) before the members
  // a running Tick uses.
  core::WorkerPool pool_;
};

}  // namespace lenslet::api::exports

#pragma once
// The background purge of deleted accounts (issue 14.6; store/account_deletion_store.hpp
// says what goes). Built like every background job of the server:
//   - durable: the job is a row of account_purges, written in the unit that
//     deactivated the account, so restarts and kill -9 lose nothing;
//   - leased: an instance claims a due row with claimed_until and a token of
//     its own, renewed by every batch; several instances on one PostgreSQL
//     never run one purge at once, and a dead instance's claim lapses;
//   - timer-driven on the control loop's io_context, with the blocking work on
//     the database's and the files' worker pools (never a network thread);
//   - bounded: one unit per batch of at most --purge-batch-size rows of one
//     kind, a short pause between units, each step idempotent, so a purge
//     killed anywhere resumes where it stopped;
//   - retried with back-off after a failure (the row's due_at moves ahead);
//   - stopped on SIGTERM: the batch in flight finishes, the claim is given back.
#include <boost/asio/awaitable.hpp>
#include <atomic>
#include <chrono>

#include "api/services.hpp"
#include "app/background_loop.hpp"
#include "store/account_deletion_store.hpp"

namespace lenslet::app {

struct AccountPurgeOptions {
  std::chrono::milliseconds interval{60'000};
  std::chrono::milliseconds lease{120'000};
  int batch_size = 200;
  std::chrono::milliseconds batch_pause{20};
};

class AccountPurgeWorker {
 public:
  AccountPurgeWorker(api::Services& services, AccountPurgeOptions options);

  // Looks for due purges every `interval` (once `ready`) and runs each to its
  // end; returns after Stop(). Spawn it once on the control loop.
  boost::asio::awaitable<void> Run(const std::atomic<bool>& ready);
  // Asks Run to return after the unit in flight. Any thread.
  void Stop() { loop_.Stop(); }
  // Waits (blocking) until Run has returned, at most `timeout`.
  bool WaitStopped(std::chrono::milliseconds timeout) { return loop_.WaitStopped(timeout); }

 private:
  boost::asio::awaitable<void> Purge(store::PurgeClaim claim);
  core::Millis BackOff(std::int64_t attempts) const;

  api::Services& services_;
  AccountPurgeOptions options_;
  BackgroundLoop loop_;
};

}  // namespace lenslet::app

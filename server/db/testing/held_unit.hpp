#pragma once
// For PostgreSQL dbtests that force one interleaving of concurrent writes
// instead of hoping for it: a write unit that holds its locks until the test
// lets go (HeldUnit), and waits for a session to wait on another
// (WaitForWaiterOn, WaitingOn: pg_blocking_pids). Header-only, like
// store/testing/test_users.hpp.
//
//   HeldUnit held(db(), [&](db::Connection& c) { c.Exec("SELECT 1 FROM posts WHERE id = $1 FOR NO KEY
//   UPDATE", post); }); std::thread writer(...);                       // will wait on the post's row const
//   auto pid = WaitForWaiterOn(db(), held.pid());
//   ...                                            // what must happen while it waits
//   held.Release();                                // rolled back
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "db/database.hpp"

namespace lenslet::db::testing {

inline constexpr std::chrono::seconds kLockWaitTimeout{10};

// Polls `done` every few milliseconds until it is true (true) or `timeout` ran out (false).
inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = kLockWaitTimeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// The server process of a session waiting for a lock `holder` holds, if one waits now.
inline std::optional<std::int64_t> WaitingOn(Database& db, std::int64_t holder) {
  return db.ReadNow([&](Connection& c) -> std::optional<std::int64_t> {
    const auto row =
        c.Exec(
             "SELECT pid FROM pg_stat_activity WHERE CAST($1 AS integer) = ANY(pg_blocking_pids(pid)) "
             "LIMIT 1",
             holder)
            .first();
    if (!row) return std::nullopt;
    return row->Int(0);
  });
}

// WaitingOn, polled until a session waits on `holder` or `timeout` ran out.
inline std::optional<std::int64_t> WaitForWaiterOn(Database& db, std::int64_t holder,
                                                   std::chrono::milliseconds timeout = kLockWaitTimeout) {
  std::optional<std::int64_t> waiter;
  WaitUntil([&] { return (waiter = WaitingOn(db, holder)).has_value(); }, timeout);
  return waiter;
}

// A PostgreSQL write unit on its own thread: runs `body`, then keeps its
// transaction (and every lock it took) open until Release, which commits or
// rolls it back. The constructor returns once `body` has run (what races it
// starts after its locks are taken); an error in `body` comes out of it.
class HeldUnit {
 public:
  HeldUnit(Database& db, std::function<void(Connection&)> body) {
    thread_ = std::thread([this, &db, body = std::move(body)] {
      try {
        db.WriteNow([&](Connection& c) {
          body(c);
          const auto pid = c.Exec("SELECT pg_backend_pid()").one().Int(0);
          if (!pid_set_.exchange(true)) started_.set_value(pid);
          if (!release_future_.get()) throw RolledBack();
        });
      } catch (const RolledBack&) {
      } catch (...) {
        if (!pid_set_.exchange(true)) started_.set_exception(std::current_exception());
      }
    });
    try {
      pid_ = started_.get_future().get();
    } catch (...) {
      Release();
      throw;
    }
  }
  HeldUnit(const HeldUnit&) = delete;
  HeldUnit& operator=(const HeldUnit&) = delete;
  ~HeldUnit() { Release(); }

  // Its session's server process.
  std::int64_t pid() const { return pid_; }

  // Ends the unit (committed when `commit`) and waits for its thread.
  void Release(bool commit = false) {
    if (!thread_.joinable()) return;
    if (!released_.exchange(true)) release_.set_value(commit);
    thread_.join();
  }

 private:
  struct RolledBack {};
  std::promise<std::int64_t> started_;
  std::atomic<bool> pid_set_{false};
  std::int64_t pid_ = 0;
  std::promise<bool> release_;
  std::future<bool> release_future_ = release_.get_future();
  std::atomic<bool> released_{false};
  std::thread thread_;
};

}  // namespace lenslet::db::testing

#pragma once
// What keeps one stalled database from stalling the whole server (issue 17.2),
// shared by both backends:
//
// - every unit gets a deadline, `timeout` after it was admitted; each wait
//   inside it (the SQLite writer, a pooled connection, a lock, a statement)
//   ends there with TimedOut(): 503 with Retry-After;
// - read units and write units each keep at most half of the worker pool's
//   threads while that kind is stalled. Units over that share wait for a
//   place as long as units of their kind still finish (a burst of healthy
//   writes queues as before), and give up at once when none has finished for
//   `stall_after` (writes behind a lock held elsewhere): the other kind always
//   has threads left, so reads of other tables go on;
// - once units of a kind gave up with none of that kind finishing while they
//   waited (nor since), the next ones are refused at once (503) for one
//   timeout, then tried again; a unit that gives up while others of its kind
//   finish is a slow statement of its own, not a stall, and refuses nobody;
// - it remembers which kind last gave up, for /health.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace lenslet::db::detail {

using Clock = std::chrono::steady_clock;
// When a unit gives up waiting; nullopt waits as long as it takes.
using Deadline = std::optional<Clock::time_point>;

// While one lives on a thread, units started on that thread have no deadline:
// migrations may rightly take long.
class UnboundedScope {
 public:
  UnboundedScope();
  ~UnboundedScope();
  UnboundedScope(const UnboundedScope&) = delete;
  UnboundedScope& operator=(const UnboundedScope&) = delete;
};

class UnitGuard {
 public:
  // `threads`: the worker pool's size, shared by reads and writes.
  UnitGuard(std::chrono::milliseconds timeout, std::size_t threads);

  std::chrono::milliseconds timeout() const { return timeout_; }

  // Runs `unit` with its deadline once admitted; see above. Throws what the
  // unit throws, or TimedOut() when it cannot be admitted in time.
  void Run(bool write, const std::function<void(Deadline)>& unit);

  // The error of a unit that gave up waiting: 503 "unavailable" with Retry-After.
  core::Error TimedOut(std::string internal) const;
  // Milliseconds left before `deadline` (at least 1); 0 without a deadline.
  static long long RemainingMs(Deadline deadline);

  // Why /health should say the database is stalled: units of some kind gave
  // up waiting recently and none of that kind has finished since.
  std::optional<std::string> StallReason() const;

 private:
  struct Kind {
    std::size_t in_flight = 0;
    Clock::time_point last_finished;
    std::optional<Clock::time_point> last_gave_up;
  };

  bool Stalled(const Kind& kind, Clock::time_point now) const;

  const std::chrono::milliseconds timeout_;
  const std::chrono::milliseconds stall_after_;
  const std::size_t share_;  // threads one kind may keep while it is stalled

  mutable std::mutex mutex_;
  std::condition_variable place_free_;
  Kind reads_;
  Kind writes_;
};

}  // namespace lenslet::db::detail

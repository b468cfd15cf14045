#pragma once
// What each backend gives db::CheckHealth (health.hpp) beside the Database
// interface: a round trip on a connection of its own, the thread it runs on,
// and its UnitGuard's view of stalls.
#include <atomic>
#include <chrono>

#include "core/worker_pool.hpp"
#include "db/detail/unit_guard.hpp"

namespace lenslet::db::detail {

class Probing {
 public:
  virtual ~Probing() = default;
  // One round trip, bounded by `budget` where the backend can bound it;
  // throws core::Error when the database cannot answer. Runs on probe_pool()
  // only, so it may keep its connection unlocked.
  virtual void ProbeOnce(std::chrono::milliseconds budget) = 0;
  // One thread; backends declare it after their connections so it is joined
  // before they close.
  virtual core::WorkerPool& probe_pool() = 0;
  virtual const UnitGuard& guard() const = 0;

  // Probes posted and not finished: bounds the pile-up while the database hangs.
  std::atomic<int> probes_in_flight{0};
};

}  // namespace lenslet::db::detail

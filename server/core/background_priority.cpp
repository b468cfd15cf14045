#include "core/background_priority.hpp"

#include <atomic>
#include <latch>
#include <memory>

#if defined(__linux__)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace lenslet::core {

bool LowerPriority(WorkerPool& pool, std::size_t threads, int nice) {
  if (threads == 0) return true;
  // Every job waits at the latch until all have arrived, so each holds a thread
  // of its own; the caller counts as one more arrival and waits with them. The
  // jobs own it too: they may still be leaving arrive_and_wait() when the caller
  // returns.
  struct Shared {
    explicit Shared(std::size_t jobs) : all_arrived(static_cast<std::ptrdiff_t>(jobs) + 1) {}
    std::latch all_arrived;
    std::atomic<bool> ok{true};
  };
  auto shared = std::make_shared<Shared>(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    pool.Post([shared, nice] {
#if defined(__linux__)
      // PRIO_PROCESS with a thread id applies to that thread alone on Linux.
      if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) != 0) shared->ok = false;
#else
      (void)nice;
      shared->ok = false;
#endif
      shared->all_arrived.arrive_and_wait();
    });
  }
  shared->all_arrived.arrive_and_wait();
  return shared->ok;
}

int CurrentNice() {
#if defined(__linux__)
  return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
#else
  return 0;
#endif
}

}  // namespace lenslet::core

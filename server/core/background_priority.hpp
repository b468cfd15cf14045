#pragma once
// Work that may wait (decoding and rendering an uploaded photo: ~250 ms of CPU
// for a 12 MP JPEG) must not slow the requests that may not. On a one-core
// server every request's thread competes with the image thread for the core;
// at equal priority the scheduler halves the core for the whole decode, and at
// ~70 % load the requests queue up behind it (p99 60–90 ms at 16,000 people in
// bench/capacity.sh). At nice 10 a pool's threads get ~10 % of the core while
// requests want it and everything that is left when they do not.
#include <cstddef>

#include "core/worker_pool.hpp"

namespace lenslet::core {

inline constexpr int kBackgroundNice = 10;

// Lowers every thread of pool (it has `threads` of them) to `nice`, before
// any job posted after this call runs. Linux keeps a nice value per thread;
// elsewhere, and when the kernel refuses, the pool keeps its priority: returns
// whether every thread was lowered.
bool LowerPriority(WorkerPool& pool, std::size_t threads, int nice = kBackgroundNice);

// The calling thread's nice value (for tests and logs).
int CurrentNice();

}  // namespace lenslet::core

#include "core/background_priority.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace lenslet::core {
namespace {

// Runs one job on each of the pool's threads (each waits for the others, so no
// thread takes two) and returns what each saw as its nice value.
std::vector<int> NiceOfEachThread(WorkerPool& pool, std::size_t threads) {
  std::latch together(static_cast<std::ptrdiff_t>(threads));
  std::latch done(static_cast<std::ptrdiff_t>(threads));
  std::mutex mutex;
  std::vector<int> seen;
  for (std::size_t i = 0; i < threads; ++i) {
    pool.Post([&] {
      together.arrive_and_wait();
      {
        const std::lock_guard lock(mutex);
        seen.push_back(CurrentNice());
      }
      done.count_down();
    });
  }
  done.wait();
  return seen;
}

TEST(BackgroundPriority, LowersEveryThreadOfThePoolAndNoOther) {
  const int before = CurrentNice();
  const int lowered = std::min(before + 5, 19);  // 19 is the lowest priority there is
  WorkerPool background("background", 3, 16);
  WorkerPool normal("normal", 2, 16);
  ASSERT_TRUE(LowerPriority(background, 3, lowered));
  EXPECT_EQ(NiceOfEachThread(background, 3), (std::vector<int>{lowered, lowered, lowered}));
  EXPECT_EQ(NiceOfEachThread(normal, 2), (std::vector<int>{before, before}));
  EXPECT_EQ(CurrentNice(), before) << "the caller's own thread keeps its priority";
}

}  // namespace
}  // namespace lenslet::core

#include "realtime/redis/detail/reconnect.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>

namespace lenslet::realtime::redis::detail {

std::chrono::milliseconds Backoff::Next() {
  constexpr std::chrono::milliseconds kFirst{100};
  constexpr std::chrono::milliseconds kMax{5'000};
  const int shift = std::min(attempt_, 6);  // 100 ms << 6 = 6.4 s, capped below
  ++attempt_;
  const auto base = std::min(kMax, kFirst * (1 << shift));
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(base.count()) * jitter(random)));
}

bool SleepFor(std::stop_token stop, std::chrono::milliseconds delay) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  // Returns early only through the stop token (the predicate is never true).
  wake.wait_for(lock, stop, delay, [] { return false; });
  return !stop.stop_requested();
}

OutageLog::OutageLog(std::string who, std::string where)
    : who_(std::move(who)),
      where_(std::move(where)),
      connected_(core::metrics::Registry::Global().GetGauge(
          "lenslet_redis_connected", "1 while a connection to Redis is up, by which of this process's links",
          {{"link", who_}})) {}

void OutageLog::Failed(std::string_view why) {
  connected_.Set(0);
  ++attempts_;
  if (in_outage_) return;
  in_outage_ = true;
  since_ = std::chrono::steady_clock::now();
  if (ever_connected_) {
    spdlog::warn("{}: lost Redis at {} ({}); reconnecting in the background", who_, where_, why);
  } else {
    spdlog::warn("{}: cannot reach Redis at {} ({}); events stay on this instance until it can", who_, where_, why);
  }
}

void OutageLog::Connected() {
  connected_.Set(1);
  if (in_outage_) {
    const auto down = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since_);
    spdlog::info("{}: connected to Redis at {} after {} ms and {} failed attempts", who_, where_, down.count(),
                 attempts_);
  } else if (!ever_connected_) {
    spdlog::info("{}: connected to Redis at {}", who_, where_);
  }
  ever_connected_ = true;
  in_outage_ = false;
  attempts_ = 0;
}

}  // namespace lenslet::realtime::redis::detail

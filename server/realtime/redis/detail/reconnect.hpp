#pragma once
// What both Redis threads do between a lost connection and the next one:
// wait a growing delay (stoppable) and log the outage once, not per attempt
// or per message.
#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>

#include "core/metrics.hpp"

namespace lenslet::realtime::redis::detail {

// 100 ms, doubling, at most 5 s, with ±20 % jitter so many instances that
// lost the same Redis do not all come back in the same millisecond.
class Backoff {
 public:
  std::chrono::milliseconds Next();
  void Reset() { attempt_ = 0; }

 private:
  int attempt_ = 0;
};

// Sleeps `delay` unless stop is requested first; false when stopped.
bool SleepFor(std::stop_token stop, std::chrono::milliseconds delay);

// The log lines of one connection ("redis publisher", "redis subscriber"):
// a warning when it is lost (or cannot be made at start), one info line when
// it is back, with how long it was down. Nothing in between.
class OutageLog {
 public:
  // Also keeps lenslet_redis_connected{link=who} at 1 or 0.
  OutageLog(std::string who, std::string where);

  void Failed(std::string_view why);
  void Connected();
  bool in_outage() const { return in_outage_; }

 private:
  const std::string who_;
  const std::string where_;
  core::metrics::Gauge& connected_;
  bool ever_connected_ = false;
  bool in_outage_ = false;
  std::uint64_t attempts_ = 0;
  std::chrono::steady_clock::time_point since_;
};

}  // namespace lenslet::realtime::redis::detail

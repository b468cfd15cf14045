#pragma once
// An injectable clock so windows and TTLs are tested without sleeping.
#include <functional>

#include "core/time.hpp"

namespace lenslet::auth {

// UTC milliseconds; an empty Clock means core::NowMillis.
using Clock = std::function<core::Millis()>;

inline Clock OrSystemClock(Clock clock) {
  if (clock) return clock;
  return [] { return core::NowMillis(); };
}

}  // namespace lenslet::auth

#pragma once
// How the Redis code logs what can happen once per message (a refused
// command, a message it cannot read): at the 1st, 2nd, 4th, 8th… occurrence,
// visible but never a flood.
#include <cstdint>

namespace lenslet::realtime::redis::detail {

// True when the count-th occurrence is to be logged.
inline bool ShouldLogOccurrence(std::uint64_t count) { return count != 0 && (count & (count - 1)) == 0; }

}  // namespace lenslet::realtime::redis::detail

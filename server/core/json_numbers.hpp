#pragma once
// Every JSON text Lenslet reads from outside (request bodies, Socket.IO
// packets, the Redis fan-out's messages) may be written back out: stored and
// served, relayed to other clients. Boost.JSON 1.81 reads a number beyond
// double's range (1e400) as infinity and writes it back as `Infinity`, which
// is not JSON and breaks every reader after (a browser's JSON.parse, our own
// decoder on another instance). So each reader refuses such a value with this
// one check. Header-only so each fuzz target's instrumented objects see it.
#include <boost/json/value.hpp>
#include <cmath>

namespace lenslet::core {

// True when no number in value is infinite or NaN. Recursion is bounded by the
// depth limit of the parser that built value.
inline bool AllNumbersFinite(const boost::json::value& value) {
  if (value.is_double()) return std::isfinite(value.get_double());
  if (const auto* array = value.if_array()) {
    for (const auto& item : *array) {
      if (!AllNumbersFinite(item)) return false;
    }
  } else if (const auto* object = value.if_object()) {
    for (const auto& entry : *object) {
      if (!AllNumbersFinite(entry.value())) return false;
    }
  }
  return true;
}

}  // namespace lenslet::core

#pragma once
// One thread's figures; merged after the threads have stopped.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "latency.hpp"
#include "mix.hpp"

namespace lenslet::bench::usermodel {

struct KindStats {
  std::uint64_t count = 0;                      // requests scheduled in the measured window (answered or not)
  std::map<std::string, std::uint64_t> errors;  // reason → count
  bench::Latencies latency;                     // scheduled time → answer, successes only

  std::uint64_t error_count() const;
  void Merge(KindStats& other);
};

// One entry of --slow-log; kind kKindCount: a message delivery.
struct SlowRequest {
  std::int64_t scheduled_ns = 0;  // steady_clock
  std::size_t kind = 0;
  std::int64_t latency_ns = 0;
};

struct Stats {
  std::array<KindStats, kKindCount> kinds;
  std::array<std::uint64_t, kActionCount> actions{};  // scheduled in the window
  std::uint64_t skipped_no_target = 0;                // an action with nothing to act on (no post seen yet)
  std::uint64_t messages_sent = 0;                    // emitted in the window
  std::uint64_t messages_refused = 0;                 // acked with an error: not expected to arrive
  std::uint64_t messages_delivered = 0;
  bench::Latencies delivery;  // scheduled send time → partner's message:new
  std::map<std::string, std::uint64_t> connect_failures;
  std::map<std::string, std::uint64_t> drops;
  std::map<std::string, std::uint64_t> events;  // other server events by name
  std::uint64_t acks_missing = 0;
  std::vector<SlowRequest> slow;  // kept only with --slow-log

  void Merge(Stats& other);
};

}  // namespace lenslet::bench::usermodel

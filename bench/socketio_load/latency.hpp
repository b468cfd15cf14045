#pragma once
// Latency samples of one run, merged from every thread, and their percentiles.
#include <cstdint>
#include <string>
#include <vector>

namespace lenslet::bench {

class Latencies {
 public:
  void Add(std::int64_t nanoseconds) { samples_.push_back(nanoseconds); }
  void Merge(const Latencies& other) { samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end()); }
  std::size_t size() const { return samples_.size(); }
  // "<prefix>_p50_ms=… <prefix>_p90_ms=… <prefix>_p99_ms=… <prefix>_max_ms=…" lines,
  // or "<prefix>=none" without samples. Sorts the samples.
  std::string Report(const std::string& prefix);

 private:
  std::vector<std::int64_t> samples_;
};

}  // namespace lenslet::bench

#pragma once
// Latency samples of one run, merged from every thread, and their percentiles.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lenslet::bench {

class Latencies {
 public:
  void Add(std::int64_t nanoseconds) { samples_.push_back(nanoseconds); }
  // A sample with the moment it was measured from, for WriteTimeline.
  void Add(std::int64_t nanoseconds, std::int64_t from_ns) {
    samples_.push_back(nanoseconds);
    timeline_.emplace_back(from_ns, nanoseconds);
  }
  void Merge(const Latencies& other) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
    timeline_.insert(timeline_.end(), other.timeline_.begin(), other.timeline_.end());
  }
  std::size_t size() const { return samples_.size(); }
  // The q-quantile in ms by nearest rank (the smallest sample with at least q
  // of all samples at or below it); 0 without samples. Sorts the samples.
  double QuantileMs(double q);
  // "<prefix>_p50_ms=… <prefix>_p90_ms=… <prefix>_p99_ms=… <prefix>_max_ms=…" lines,
  // or "<prefix>=none" without samples. Sorts the samples.
  std::string Report(const std::string& prefix);
  // "<ms since origin> <latency ms>" lines in send order, for the samples
  // added with their moment: tells a tail made of stalls (clusters of slow
  // samples) from one spread thinly over the run. False when the file cannot
  // be written.
  bool WriteTimeline(const std::string& path, std::int64_t origin_ns);

 private:
  std::vector<std::int64_t> samples_;
  std::vector<std::pair<std::int64_t, std::int64_t>> timeline_;  // (from, latency) ns
};

}  // namespace lenslet::bench

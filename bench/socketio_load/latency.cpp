#include "latency.hpp"

#include <algorithm>
#include <cstdio>

namespace lenslet::bench {
namespace {

std::string Line(const std::string& key, double ms) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", ms);
  return key + "=" + text + "\n";
}

}  // namespace

double Latencies::QuantileMs(double q) {
  if (samples_.empty()) return 0;
  std::sort(samples_.begin(), samples_.end());
  auto rank = static_cast<std::size_t>(q * static_cast<double>(samples_.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, samples_.size());
  return static_cast<double>(samples_[rank - 1]) / 1e6;
}

std::string Latencies::Report(const std::string& prefix) {
  if (samples_.empty()) return prefix + "=none\n";
  // One statement each: the operands of one `+` chain may be evaluated in any
  // order, and GCC read samples_.back() before QuantileMs had sorted them, so
  // "max" was the last sample added (below the p99 in reports until
  // 2026-12-07).
  std::string out = Line(prefix + "_p50_ms", QuantileMs(0.50));
  out += Line(prefix + "_p90_ms", QuantileMs(0.90));
  out += Line(prefix + "_p99_ms", QuantileMs(0.99));
  out += Line(prefix + "_max_ms", static_cast<double>(samples_.back()) / 1e6);
  return out;
}

bool Latencies::WriteTimeline(const std::string& path, std::int64_t origin_ns) {
  std::sort(timeline_.begin(), timeline_.end());
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  for (const auto& [from, latency] : timeline_) {
    std::fprintf(file, "%.3f %.3f\n", static_cast<double>(from - origin_ns) / 1e6, static_cast<double>(latency) / 1e6);
  }
  return std::fclose(file) == 0;
}

}  // namespace lenslet::bench

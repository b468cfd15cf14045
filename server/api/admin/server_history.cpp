#include "api/admin/server_history.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <cmath>

namespace lenslet::api::admin {
namespace {

// Figures to three decimals: the charts need no more, and the JSON stays short.
double Round(double value) { return std::isfinite(value) ? std::round(value * 1000) / 1000 : 0; }

}  // namespace

ServerHistory::ServerHistory(std::chrono::milliseconds interval, std::chrono::milliseconds window)
    : interval_(interval),
      window_(window),
      capacity_(static_cast<std::size_t>(std::max<long long>(1, window.count() / std::max<long long>(1, interval.count())))) {}

void ServerHistory::Push(const ServerSample& sample) {
  std::lock_guard lock(mutex_);
  samples_.push_back(sample);
  while (samples_.size() > capacity_) samples_.pop_front();
}

std::vector<ServerSample> ServerHistory::Samples() const {
  std::lock_guard lock(mutex_);
  return {samples_.begin(), samples_.end()};
}

boost::json::object ServerHistory::ToJson() const {
  boost::json::array samples;
  for (const auto& s : Samples()) {
    samples.push_back(boost::json::object{
        {"at", core::ToIso8601(s.at)},
        {"requestsPerSecond", Round(s.requests_per_second)},
        {"errorsPerSecond", Round(s.errors_per_second)},
        {"p50Ms", Round(s.p50_ms)},
        {"p99Ms", Round(s.p99_ms)},
        {"sockets", Round(s.sockets)},
        {"messagesPerSecond", Round(s.messages_per_second)},
        {"cpuPercent", Round(s.cpu_percent)},
        {"memoryBytes", Round(s.memory_bytes)},
        {"databaseBytes", Round(s.database_bytes)},
        {"mediaBytes", Round(s.media_bytes)},
        {"diskFreeBytes", Round(s.disk_free_bytes)},
    });
  }
  return {
      {"intervalSeconds", static_cast<double>(interval_.count()) / 1000},
      {"windowSeconds", static_cast<double>(window_.count()) / 1000},
      {"samples", std::move(samples)},
  };
}

}  // namespace lenslet::api::admin

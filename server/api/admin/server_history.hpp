#pragma once
// The last hour of the server's own figures, for the admins' Server screen
// (GET /api/v1/admin/server/metrics): a ring of samples the app's sampler
// (app/server_sampler.hpp) appends every interval, read from the same
// metrics registry Prometheus scrapes. No external service is needed.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "core/time.hpp"

namespace lenslet::api::admin {

struct ServerSample {
  core::Millis at = 0;
  double requests_per_second = 0;
  double errors_per_second = 0;  // 5xx answers
  double p50_ms = 0;             // of requests answered during the interval (Socket.IO polls left out)
  double p99_ms = 0;
  double sockets = 0;            // Socket.IO sockets connected now
  double messages_per_second = 0;  // direct messages sent
  double cpu_percent = 0;        // of one core
  double memory_bytes = 0;       // resident
  double database_bytes = 0;
  double media_bytes = 0;
  double disk_free_bytes = 0;    // on the data folder's file system
};

class ServerHistory {
 public:
  ServerHistory(std::chrono::milliseconds interval, std::chrono::milliseconds window);

  void Push(const ServerSample& sample);
  std::vector<ServerSample> Samples() const;
  std::chrono::milliseconds interval() const { return interval_; }

  // {intervalSeconds, windowSeconds, samples: [{at, requestsPerSecond, …}]}, oldest first.
  boost::json::object ToJson() const;

 private:
  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds window_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<ServerSample> samples_;
};

}  // namespace lenslet::api::admin

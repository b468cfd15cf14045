#pragma once
// One warning when a cluster rule starts working without Redis, one line when
// it has Redis again: never a line per request.
#include <atomic>
#include <string>

namespace lenslet::cluster {

class DegradedLog {
 public:
  explicit DegradedLog(std::string what) : what_(std::move(what)) {}
  void Degraded();  // a request did without Redis
  void Healthy();   // a request had Redis's answer

 private:
  const std::string what_;
  std::atomic<bool> degraded_{false};
};

}  // namespace lenslet::cluster

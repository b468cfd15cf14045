#include "cluster/degraded_log.hpp"

#include <spdlog/spdlog.h>

namespace lenslet::cluster {

void DegradedLog::Degraded() {
  if (!degraded_.exchange(true)) spdlog::warn("{}: Redis does not answer; each instance decides alone until it does", what_);
}

void DegradedLog::Healthy() {
  if (degraded_.exchange(false)) spdlog::info("{}: Redis answers again; shared by every instance", what_);
}

}  // namespace lenslet::cluster

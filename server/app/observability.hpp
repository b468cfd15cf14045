#pragma once
// Everything `serve` shows of itself beyond its log (docs/operations.md
// "Metrics"): the /metrics listener (--metrics-listen), the process figures
// from /proc/self, and the last hour of samples behind the admins' Server
// screen (--stats-interval-ms). Built once in application.cpp.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>

#include "api/admin/server_history.hpp"
#include "app/config.hpp"
#include "app/metrics_endpoint.hpp"
#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"

namespace lenslet::app {

class Observability {
 public:
  // Starts the /metrics listener at once. A listener that cannot bind (the
  // port is another instance's) is logged as an error and left off: the
  // public service matters more than its figures.
  Observability(const Config& config, db::Database& database, core::WorkerPool& files);
  ~Observability();

  const api::admin::ServerHistory& history() const { return history_; }
  // The sampling loop, for the control io_context.
  boost::asio::awaitable<void> Sample();

  // Background queues show their depth as lenslet_<name>_depth gauges, read at
  // scrape time. The mail outbox registers here once it exists:
  //   observability.AddQueueDepth("mail_outbox", "Mails waiting to be sent", [&] { return outbox.depth(); });
  void AddQueueDepth(std::string name, std::string help, std::function<double()> depth);

 private:
  const Config& config_;
  db::Database& database_;
  core::WorkerPool& files_;
  api::admin::ServerHistory history_;
  core::metrics::CollectorHandle process_collector_;
  std::vector<core::metrics::CollectorHandle> queue_collectors_;
  std::unique_ptr<MetricsEndpoint> endpoint_;
};

}  // namespace lenslet::app

#include "app/observability.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/process_metrics.hpp"
#include "app/server_sampler.hpp"

namespace lenslet::app {

Observability::Observability(const Config& config, db::Database& database, core::WorkerPool& files)
    : config_(config),
      database_(database),
      files_(files),
      history_(config.stats_interval, std::chrono::hours(1)),
      process_collector_(InstallProcessCollector(core::metrics::Registry::Global())) {
  // Validated by the config parser: only "off" yields nothing.
  const auto address = ParseListenAddress(config.metrics_listen);
  if (!address) {
    spdlog::info("metrics: off (--metrics-listen off)");
    return;
  }
  try {
    endpoint_ = std::make_unique<MetricsEndpoint>(*address, core::metrics::Registry::Global());
    // WARNING: not "listening on http://": tests and scripts find the public port by that phrase.
    spdlog::info("metrics: serving http://{}:{}/metrics", address->host.find(':') == std::string::npos
                                                              ? address->host
                                                              : "[" + address->host + "]",
                 endpoint_->port());
  } catch (const std::exception& e) {
    spdlog::error("metrics: {}; /metrics is off for this instance (give each instance its own --metrics-listen)",
                  e.what());
  }
}

Observability::~Observability() = default;

boost::asio::awaitable<void> Observability::Sample() {
  SamplerOptions options;
  options.interval = config_.stats_interval;
  options.data_dir = config_.data_dir;
  options.media_dir = std::filesystem::path(config_.data_dir) / "media";
  const std::string url = EffectiveDatabaseUrl(config_);
  if (database_.dialect() == db::Dialect::kSqlite && url.starts_with("sqlite:") && url != "sqlite::memory:") {
    options.sqlite_file = url.substr(std::string_view("sqlite:").size());
  }
  co_await SampleServer(std::move(options), history_, database_, files_);
}

void Observability::AddQueueDepth(std::string name, std::string help, std::function<double()> depth) {
  queue_collectors_.push_back(core::metrics::Registry::Global().AddCollector(
      [name = "lenslet_" + name + "_depth", help = std::move(help), depth = std::move(depth)](
          core::metrics::Collection& out) { out.Add(name, help, core::metrics::Type::kGauge, depth()); }));
}

}  // namespace lenslet::app

#pragma once
// GET /metrics on a listener of its own (--metrics-listen, default
// 127.0.0.1:9464; API.md "Operations"), never on the public port: the figures
// are for the operator's Prometheus, not for the internet. A small
// http::Server with one thread and one route; it records no metrics and logs
// no requests of its own (a scrape every few seconds would drown the log).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/metrics.hpp"
#include "http/server.hpp"

namespace lenslet::app {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "HOST:PORT" or "[v6]:PORT"; nullopt for "off"; throws std::invalid_argument
// when malformed.
std::optional<ListenAddress> ParseListenAddress(const std::string& text);

class MetricsEndpoint {
 public:
  // Binds at once (throws std::runtime_error when it cannot) and serves on a thread of its own.
  MetricsEndpoint(const ListenAddress& address, core::metrics::Registry& registry);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  std::uint16_t port() const { return server_->port(); }

 private:
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace lenslet::app

#include "app/metrics_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <stdexcept>

#include "http/router.hpp"

namespace lenslet::app {

std::optional<ListenAddress> ParseListenAddress(const std::string& text) {
  if (text == "off") return std::nullopt;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw std::invalid_argument("--metrics-listen must be HOST:PORT or off (got '" + text + "')");
  }
  ListenAddress out;
  out.host = text.substr(0, colon);
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    throw std::invalid_argument("--metrics-listen has no valid port (got '" + text + "')");
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

MetricsEndpoint::MetricsEndpoint(const ListenAddress& address, core::metrics::Registry& registry) {
  auto router = std::make_shared<http::Router>();
  router->Add(http::Method::kGet, "/metrics", [&registry](http::Request&) -> boost::asio::awaitable<http::Response> {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = registry.Render();
    response.WithHeader("Cache-Control", "no-store");
    co_return response;
  });
  http::ServerOptions options;
  options.host = address.host;
  options.port = address.port;
  options.threads = 1;
  options.record_metrics = false;
  options.access_log = false;
  options.drain_timeout = std::chrono::seconds(1);
  server_ = std::make_unique<http::Server>(std::move(options), std::move(router), nullptr);
  server_->Listen();
  thread_ = std::thread([this] {
    try {
      server_->Run();
    } catch (const std::exception& e) {
      spdlog::error("metrics listener stopped: {}", e.what());
    }
  });
}

MetricsEndpoint::~MetricsEndpoint() {
  server_->Stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lenslet::app

#include "realtime/server.hpp"

#include <algorithm>
#include <utility>

#include "realtime/detail/client.hpp"
#include "realtime/detail/engine.hpp"
#include "realtime/detail/realtime_metrics.hpp"

namespace lenslet::realtime {
namespace net = boost::asio;

Server::Server(ServerOptions options)
    : options_(std::move(options)), publisher_(std::make_shared<InProcessPublisher>(*this)) {
  engine_ = std::make_unique<detail::Engine>(options_, [this](const std::shared_ptr<detail::EngineSession>& session) {
    auto client = std::make_shared<detail::Client>(*this, session);
    session->SetListener(client);
    client->Start();
  });
}

Server::~Server() = default;

Namespace& Server::Of(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = namespaces_.find(name);
  if (it == namespaces_.end()) {
    it = namespaces_.emplace(std::string(name), std::make_unique<Namespace>(*this, std::string(name))).first;
  }
  return *it->second;
}

Namespace* Server::Find(std::string_view name) {
  std::lock_guard lock(mutex_);
  const auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second.get();
}

void Server::DeliverLocal(const Broadcast& broadcast) {
  if (Namespace* nsp = Find(broadcast.nsp)) nsp->DeliverLocal(broadcast);
  if (broadcast.kind == Broadcast::Kind::kEmit && broadcast.published_at_us > 0) {
    // Wall clock, so that it spans instances (Redis); a clock behind reads as 0.
    const auto us = std::max<std::int64_t>(0, Broadcast::NowMicros() - broadcast.published_at_us);
    detail::Metrics().delivery.Observe(static_cast<double>(us) / 1e6);
  }
}

net::awaitable<HttpAnswer> Server::HandleHttp(HttpRequest request, BodyReader read_body) {
  co_return co_await engine_->HandleHttp(std::move(request), std::move(read_body));
}

net::awaitable<void> Server::HandleWebSocket(HttpRequest request, net::ip::tcp::socket socket) {
  co_await engine_->HandleWebSocket(std::move(request), std::move(socket));
}

void Server::Stop() { engine_->Stop(); }

std::size_t Server::websocket_count() const { return engine_->websocket_count(); }

}  // namespace lenslet::realtime

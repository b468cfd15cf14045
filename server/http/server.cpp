#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/log_context.hpp"
#include "core/metrics.hpp"
#include "http/detail/server_context.hpp"
#include "http/detail/session.hpp"

namespace lenslet::http {
namespace {

namespace net = boost::asio;
using net::ip::tcp;
constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);

// Completion handler for co_spawn: a coroutine that escapes with an exception
// is logged, never allowed to terminate the process.
auto LogFailure(std::string what) {
  return [what = std::move(what)](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("{} failed: {}", what, e.what());
    } catch (...) {
      spdlog::error("{} failed", what);
    }
  };
}

std::size_t ThreadCount(std::size_t requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, std::shared_ptr<const Router> router, Authenticator authenticator)
      : context(std::move(options), std::move(router), std::move(authenticator)),
        io(static_cast<int>(ThreadCount(context.options.threads))),
        acceptor_strand(net::make_strand(io)) {}

  net::awaitable<void> Accept();
  net::awaitable<void> Drain();
  std::size_t ActiveConnections() const;
  void BeginStop();

  // WARNING: declaration order is destruction order in reverse. The context
  // must outlive the io_context (destroying it destroys unfinished session
  // frames, which unregister from the context); the acceptor must die first.
  detail::ServerContext context;
  net::io_context io;
  net::strand<net::io_context::executor_type> acceptor_strand;  // acceptor work and Stop()
  std::optional<tcp::acceptor> acceptor;
  std::mutex listen_mutex;
  std::uint16_t port = 0;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> running{false};
  core::metrics::CollectorHandle connections_collector;  // with options.record_metrics
};

net::awaitable<void> Server::Impl::Accept() {
  while (acceptor && acceptor->is_open()) {
    // Each connection gets its own strand: its coroutine and Stop()'s close
    // request never run at the same time.
    auto [ec, socket] = co_await acceptor->async_accept(net::make_strand(io), kUseTuple);
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor->is_open()) co_return;
      // Out of file descriptors and the like: back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      net::steady_timer pause(acceptor_strand, std::chrono::milliseconds(100));
      co_await pause.async_wait(kUseTuple);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    // Every step of the connection's coroutine, on whatever thread, names
    // the request it serves (core/log_context.hpp).
    auto log_scope = std::make_shared<core::LogScope>();
    const core::LogScopeExecutor<net::any_io_executor> executor(socket.get_executor(), log_scope);
    net::co_spawn(executor, detail::RunSession(std::move(socket), context, std::move(log_scope)),
                  LogFailure("connection"));
  }
}

std::size_t Server::Impl::ActiveConnections() const {
  std::size_t count = context.active_sessions();
  for (const auto& mount : context.mounts) {
    if (mount.active_connections) count += mount.active_connections();
  }
  return count;
}

net::awaitable<void> Server::Impl::Drain() {
  const auto deadline = std::chrono::steady_clock::now() + context.options.drain_timeout;
  net::steady_timer tick(acceptor_strand);
  while (ActiveConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
    tick.expires_after(std::chrono::milliseconds(10));
    co_await tick.async_wait(kUseTuple);
  }
  if (const auto left = ActiveConnections(); left > 0) {
    spdlog::warn("drain timeout: closing {} connection(s) still busy", left);
  }
  io.stop();
}

void Server::Impl::BeginStop() {
  // On acceptor_strand: the acceptor is not thread-safe.
  boost::system::error_code ignored;
  if (acceptor) acceptor->close(ignored);
  context.CloseIdleSessions();
  for (const auto& mount : context.mounts) {
    if (mount.stop) mount.stop();
  }
  net::co_spawn(acceptor_strand, Drain(), LogFailure("drain"));
}

Server::Server(ServerOptions options, std::shared_ptr<const Router> router, Authenticator authenticator)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), std::move(authenticator))) {}

Server::~Server() = default;

void Server::SetReadiness(ReadinessCheck ready) { impl_->context.ready = std::move(ready); }

void Server::AddMount(Mount mount) { impl_->context.mounts.push_back(std::move(mount)); }

void Server::Listen() {
  std::lock_guard lock(impl_->listen_mutex);
  if (impl_->acceptor) return;
  const auto& options = impl_->context.options;
  const std::string where = options.host + ":" + std::to_string(options.port);
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    // A host name ("localhost"): resolving blocks, which is fine at start-up.
    tcp::resolver resolver(impl_->io);
    const auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) throw std::runtime_error("cannot resolve " + where + ": " + ec.message());
    endpoint = results.begin()->endpoint();
  }
  tcp::acceptor acceptor(impl_->acceptor_strand);
  const auto check = [&](std::string_view step) {
    if (ec)
      throw std::runtime_error("cannot listen on " + where + " (" + std::string(step) + "): " + ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  check("open");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  check("reuse_address");
  acceptor.bind(endpoint, ec);
  check("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  check("listen");
  impl_->port = acceptor.local_endpoint().port();
  impl_->acceptor.emplace(std::move(acceptor));
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  if (impl_->running.exchange(true)) throw std::logic_error("Server::Run called twice");
  Listen();
  if (impl_->context.options.record_metrics) {
    std::vector<std::string> prefixes;
    for (const auto& mount : impl_->context.mounts) prefixes.push_back(mount.prefix);
    impl_->context.http_metrics = std::make_unique<detail::HttpMetrics>(*impl_->context.router, prefixes);
    impl_->connections_collector =
        core::metrics::Registry::Global().AddCollector([impl = impl_.get()](core::metrics::Collection& out) {
          out.Add("lenslet_http_open_connections", "HTTP connections open (keep-alive and in flight)",
                  core::metrics::Type::kGauge, static_cast<double>(impl->context.active_sessions()));
          std::size_t taken_over = 0;
          for (const auto& mount : impl->context.mounts) {
            if (mount.active_connections) taken_over += mount.active_connections();
          }
          out.Add("lenslet_websocket_connections", "WebSocket connections open (Socket.IO)",
                  core::metrics::Type::kGauge, static_cast<double>(taken_over));
        });
  }
  net::co_spawn(impl_->acceptor_strand, impl_->Accept(), LogFailure("listener"));
  const std::size_t count = ThreadCount(impl_->context.options.threads);
  spdlog::info("http listening on {}:{} with {} thread(s)", impl_->context.options.host, impl_->port, count);
  auto run = [this] {
    while (true) {
      try {
        impl_->io.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("io_context handler threw: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < count; ++i) threads.emplace_back(run);
  run();
  for (auto& thread : threads) thread.join();
  spdlog::info("http server stopped");
}

void Server::Stop() {
  if (impl_->stop_requested.exchange(true)) return;
  impl_->context.stopping.store(true);
  // Posting is thread-safe; if Run() has not started yet, this runs when it does.
  net::post(impl_->acceptor_strand, [impl = impl_.get()] { impl->BeginStop(); });
}

}  // namespace lenslet::http

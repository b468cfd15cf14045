// lenslet-socketio-echo [--host 127.0.0.1] [--port 3000] [--ping-interval 300] [--ping-timeout 200]
//                       [--connect-timeout 1000]
// On "/" and "/custom": emits `auth` with the handshake's auth payload just
// after connecting (see kAuthDelay), answers `message` with `message-back` (same arguments, binary
// included) and acknowledges `message-with-ack` with the same arguments. Other
// namespaces are refused. Timings as socket.io's own test server uses them.
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "http/server.hpp"
#include "realtime/http_mount/http_mount.hpp"
#include "realtime/server.hpp"

namespace {

namespace net = boost::asio;
using lenslet::realtime::Ack;
using lenslet::realtime::ConnectResult;
using lenslet::realtime::Payload;
using lenslet::realtime::Socket;

net::awaitable<void> EchoBack(Socket& socket, Payload args, Ack) {
  socket.Emit("message-back", std::move(args));
  co_return;
}

net::awaitable<void> AckBack(Socket&, Payload args, Ack ack) {
  if (ack) ack(std::move(args));
  co_return;
}

// The protocol test suite (socket.io-protocol/test-suite) reads each packet
// with a listener it adds after the previous packet resolved, and its `ws`
// client emits every WebSocket message of one TCP read synchronously: when the
// CONNECT answer and `auth` arrive in one read, it misses `auth`. The
// protocol allows that batching (each packet is its own WebSocket frame;
// how frames share TCP segments is not the protocol's business), and the
// server keeps it. This fixture sends `auth` a moment after the CONNECT
// answer instead, as socket.io's server does by writing each packet in its
// own event-loop turn, so the suite sees the two in separate reads.
constexpr std::chrono::milliseconds kAuthDelay{50};

net::awaitable<void> EmitAuthLater(std::shared_ptr<Socket> socket, boost::json::value auth) {
  net::steady_timer timer(socket->executor(), kAuthDelay);
  co_await timer.async_wait(net::as_tuple(net::use_awaitable));
  socket->Emit("auth", Payload{}.Add(std::move(auth)));  // a no-op once the socket is gone
}

net::awaitable<ConnectResult> OnConnection(Socket& socket, const boost::json::value& auth) {
  net::co_spawn(socket.executor(), EmitAuthLater(socket.shared_from_this(), auth), net::detached);
  co_return ConnectResult::Accept();
}

void Install(lenslet::realtime::Namespace& nsp) {
  nsp.OnConnection(OnConnection);
  // The namespace's handlers, shared by its sockets (none of their own).
  nsp.On("message", EchoBack);
  nsp.On("message-with-ack", AckBack);
}

}  // namespace

int main(int argc, char** argv) {
  lenslet::http::ServerOptions http_options;
  http_options.host = "127.0.0.1";
  http_options.port = 3000;
  http_options.drain_timeout = std::chrono::milliseconds(2'000);
  lenslet::realtime::ServerOptions options;
  options.ping_interval = std::chrono::milliseconds(300);
  options.ping_timeout = std::chrono::milliseconds(200);
  options.max_payload = 1'000'000;
  options.connect_timeout = std::chrono::milliseconds(1'000);
  options.cors_origin = "*";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--port") {
      http_options.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    } else if (flag == "--host") {
      http_options.host = argv[i + 1];
    } else if (flag == "--ping-interval") {
      options.ping_interval = std::chrono::milliseconds(std::atoi(argv[i + 1]));
    } else if (flag == "--ping-timeout") {
      options.ping_timeout = std::chrono::milliseconds(std::atoi(argv[i + 1]));
    } else if (flag == "--connect-timeout") {
      options.connect_timeout = std::chrono::milliseconds(std::atoi(argv[i + 1]));
    } else if (flag == "--threads") {
      http_options.threads = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "usage: %s [--host H] [--port P] [--ping-interval MS] [--ping-timeout MS] [--connect-timeout MS] [--threads N]\n", argv[0]);
      return 2;
    }
  }
  if (const char* level = std::getenv("LENSLET_LOG_LEVEL")) spdlog::set_level(spdlog::level::from_str(level));

  lenslet::realtime::Server io(options);
  Install(io.Of("/"));
  Install(io.Of("/custom"));

  // SIGINT/SIGTERM are taken by a thread of their own (sigwait) so Stop()
  // never runs inside a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  lenslet::http::Server server(http_options, std::make_shared<lenslet::http::Router>(), {});
  server.AddMount(lenslet::realtime::MakeHttpMount(io));
  try {
    server.Listen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  std::printf("listening on http://%s:%u\n", http_options.host.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.Stop();
  });
  server.Run();
  // Run() returns after Stop(): wake the waiter if it is still waiting.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return 0;
}

#include "realtime/http_mount/http_mount.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <exception>
#include <utility>

namespace lenslet::realtime {
namespace {

namespace net = boost::asio;

// The failure of a taken-over connection's handshake task, logged.
void LogFailure(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("websocket handshake failed: {}", e.what());
  } catch (...) {
    spdlog::error("websocket handshake failed");
  }
}

HttpRequest Convert(const http::Request& request) {
  return HttpRequest{
      .method = std::string(http::ToString(request.method)),
      .handshake = Handshake{.url = request.target, .headers = request.headers, .client_address = request.client_address},
  };
}

// Plain coroutines with parameters by value: nothing dangles when the
// std::function that started them is destroyed.
net::awaitable<http::Response> HandleExchange(Server* server, http::Request* request, http::MountBodyReader read) {
  const BodyReader body_reader = [request, &read](std::string& body, std::size_t limit) -> net::awaitable<BodyStatus> {
    const http::BodyStatus status = co_await read(*request, limit);
    body = std::move(request->body);
    switch (status) {
      case http::BodyStatus::kRead: co_return BodyStatus::kRead;
      case http::BodyStatus::kTooLarge: co_return BodyStatus::kTooLarge;
      case http::BodyStatus::kMalformed: co_return BodyStatus::kMalformed;
    }
    co_return BodyStatus::kMalformed;
  };
  HttpAnswer answer = co_await server->HandleHttp(Convert(*request), body_reader);
  http::Response response;
  response.status = answer.status;
  response.content_type = std::move(answer.content_type);
  response.body = std::move(answer.body);
  response.headers = std::move(answer.headers);
  // Polling answers are per session and must never be cached.
  response.headers.emplace_back("Cache-Control", "no-store");
  co_return response;
}


}  // namespace

http::Mount MakeHttpMount(Server& server) {
  http::Mount mount;
  mount.prefix = server.options().path;
  mount.handle = [server = &server](http::Request& request, const http::MountBodyReader& read) {
    return HandleExchange(server, &request, read);
  };
  mount.take_over = [server = &server](http::Request request, net::ip::tcp::socket socket) {
    // On the connection's strand, as its own task: the HTTP session ends now.
    const auto executor = socket.get_executor();
    net::co_spawn(executor, server->HandleWebSocket(Convert(request), std::move(socket)), LogFailure);
  };
  mount.active_connections = [server = &server] { return server->websocket_count(); };
  mount.stop = [server = &server] { server->Stop(); };
  // A request without a session id starts a new Engine.IO session (polling
  // or WebSocket): the server's per-address handshake limit counts it. One
  // whose query cannot be read counts too: it must not be a way around it.
  mount.opens_session = [](const http::Request& request) {
    try {
      return !request.Query("sid").has_value();
    } catch (const std::exception&) {
      return true;
    }
  };
  return mount;
}

}  // namespace lenslet::realtime

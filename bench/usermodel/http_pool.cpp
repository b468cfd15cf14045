#include "http_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <tuple>

#include "http/detail/gzip.hpp"

namespace lenslet::bench::usermodel {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Errors as values: a refused or reset connection is a figure to count.
constexpr auto kAwait = net::as_tuple(net::use_awaitable);

std::string Why(std::string_view step, const beast::error_code& ec) {
  return ec == beast::error::timeout ? std::string("timeout") : std::string(step) + ": " + ec.message();
}

}  // namespace

HttpPool::HttpPool(net::io_context& io, net::ip::tcp::endpoint server, std::string host,
                   std::size_t max_connections, std::chrono::milliseconds timeout, bool accept_gzip)
    : io_(io),
      server_(server),
      host_(std::move(host)),
      max_connections_(max_connections),
      timeout_(timeout),
      accept_gzip_(accept_gzip) {}

net::awaitable<HttpPool::Connection*> HttpPool::Acquire() {
  if (closed_) co_return nullptr;
  if (!idle_.empty()) {
    // Most recently used first: its TCP state is warm and the others may idle out.
    auto* connection = idle_.back();
    idle_.pop_back();
    co_return connection;
  }
  if (connections_.size() < max_connections_) {
    connections_.push_back(std::make_unique<Connection>());
    co_return connections_.back().get();
  }
  Waiter waiter{net::steady_timer(io_, net::steady_timer::time_point::max())};
  waiters_.push_back(&waiter);
  co_await waiter.timer.async_wait(kAwait);  // Release cancels it, handing over a connection
  co_return waiter.connection;
}

void HttpPool::Release(Connection* connection) {
  if (!waiters_.empty()) {
    auto* waiter = waiters_.front();
    waiters_.pop_front();
    waiter->connection = connection;
    waiter->timer.cancel();
    return;
  }
  idle_.push_back(connection);
}

net::awaitable<HttpResult> HttpPool::Request(http::verb method, std::string target, const std::string& token,
                                             std::string content_type, std::string body) {
  http::request<http::string_body> request{method, std::move(target), 11};
  request.set(http::field::host, host_);
  request.set(http::field::authorization, "Bearer " + token);
  request.set(http::field::accept, "application/json");
  if (accept_gzip_) request.set(http::field::accept_encoding, "gzip, deflate, br");
  if (!content_type.empty()) request.set(http::field::content_type, content_type);
  const bool has_body = !body.empty() || method == http::verb::post || method == http::verb::put;
  request.body() = std::move(body);
  if (has_body) request.prepare_payload();
  request.keep_alive(true);

  Connection* connection = co_await Acquire();
  HttpResult result;
  if (connection == nullptr) {  // the pool closed while this request waited
    result.error = "closed";
    co_return result;
  }
  // A kept-alive connection the server closed while idle fails at once (a
  // write error, or the end of the stream before any answer): one retry on a
  // fresh connection, unless the pool is closing.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = connection->stream.has_value();
    beast::error_code ec;
    if (!reused) {
      connection->stream.emplace(io_);
      connection->buffer.clear();
      connection->stream->expires_after(timeout_);
      std::tie(ec) = co_await connection->stream->async_connect(server_, kAwait);
      if (ec) {
        result.error = Why("connect", ec);
        connection->stream.reset();
        break;
      }
      connection->stream->socket().set_option(net::ip::tcp::no_delay(true), ec);
    }
    connection->stream->expires_after(timeout_);
    std::size_t bytes = 0;
    std::tie(ec, bytes) = co_await http::async_write(*connection->stream, request, kAwait);
    http::response<http::string_body> response;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    if (!ec)
      std::tie(ec, bytes) =
          co_await http::async_read(*connection->stream, connection->buffer, parser, kAwait);
    if (ec) {
      connection->stream.reset();
      if (reused && ec != beast::error::timeout && !closed_) continue;
      result.error = Why("http", ec);
      break;
    }
    response = parser.release();
    result.status = response.result_int();
    result.body = std::move(response.body());
    const auto encoding = response[http::field::content_encoding];
    if (!encoding.empty() && encoding != "gzip") {
      // Asked for as browsers do, but only gzip is read here: the server sends no other for its API.
      result.error = "an answer in an encoding this generator does not read: " + std::string(encoding);
      break;
    }
    if (encoding == "gzip") {
      auto plain = lenslet::http::detail::GzipDecompress(result.body);
      if (!plain) {
        result.error = "a gzipped body that does not inflate";
        break;
      }
      result.body = std::move(*plain);
    }
    if (!response.keep_alive()) connection->stream.reset();
    break;
  }
  if (connection->stream) connection->stream->expires_never();
  Release(connection);
  co_return result;
}

void HttpPool::Close() {
  closed_ = true;
  for (auto& connection : connections_) {
    beast::error_code ignored;
    if (connection->stream) connection->stream->socket().close(ignored);
  }
  for (auto* waiter : waiters_) waiter->timer.cancel();
  waiters_.clear();
}

}  // namespace lenslet::bench::usermodel

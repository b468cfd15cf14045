#include "conversations.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <optional>

namespace lenslet::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using net::ip::tcp;

constexpr auto kAwait = net::as_tuple(net::use_awaitable);
constexpr auto kRequestTimeout = std::chrono::seconds(30);

// The conversation id of a 200/201 answer, or the reason it is not one.
std::string IdOrReason(const http::response<http::string_body>& response, std::string& reason) {
  const auto status = response.result_int();
  boost::system::error_code ec;
  const auto body = json::parse(response.body(), ec);
  if (status != 200 && status != 201) {
    reason = "http " + std::to_string(status);
    if (!ec && body.is_object()) {
      if (const auto* error = body.as_object().if_contains("error"); error && error->is_object()) {
        if (const auto* code = error->as_object().if_contains("code"); code && code->is_string()) {
          reason += " " + std::string(code->as_string());
        }
      }
    }
    return {};
  }
  if (!ec && body.is_object()) {
    if (const auto* conversation = body.as_object().if_contains("conversation");
        conversation && conversation->is_object()) {
      if (const auto* id = conversation->as_object().if_contains("id"); id && id->is_string()) {
        return std::string(id->as_string());
      }
    }
  }
  reason = "answer without conversation.id";
  return {};
}

struct Setup {
  tcp::endpoint server;
  std::string host;
  const std::vector<Account>& accounts;
  std::size_t pairs;
  std::size_t next = 0;
  ConversationSetup result;
};

// One keep-alive connection taking pairs until none is left; reconnects (and
// retries the pair once) when the server closes it.
net::awaitable<void> Worker(Setup& setup) {
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  while (setup.next < setup.pairs) {
    const std::size_t pair = setup.next++;
    const Account& me = setup.accounts[2 * pair];
    const Account& peer = setup.accounts[2 * pair + 1];
    http::request<http::string_body> request{http::verb::post, "/api/v1/conversations", 11};
    request.set(http::field::host, setup.host);
    request.set(http::field::authorization, "Bearer " + me.access_token);
    request.set(http::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = json::serialize(json::object{{"usernames", json::array{json::value(peer.username)}}});
    request.prepare_payload();

    std::string reason;
    for (int attempt = 0; attempt < 2; ++attempt) {
      beast::error_code ec;
      if (!stream) {
        stream.emplace(co_await net::this_coro::executor);
        stream->expires_after(kRequestTimeout);
        std::tie(ec) = co_await stream->async_connect(setup.server, kAwait);
        if (ec) {
          stream.reset();
          reason = "connect: " + ec.message();
          continue;
        }
      }
      stream->expires_after(kRequestTimeout);
      http::response<http::string_body> response;
      std::size_t bytes = 0;
      std::tie(ec, bytes) = co_await http::async_write(*stream, request, kAwait);
      if (!ec) std::tie(ec, bytes) = co_await http::async_read(*stream, buffer, response, kAwait);
      if (ec) {
        stream.reset();
        buffer.clear();
        reason = "http: " + ec.message();
        continue;
      }
      if (!response.keep_alive()) stream.reset();
      reason.clear();
      setup.result.ids[pair] = IdOrReason(response, reason);
      break;
    }
    if (!reason.empty()) ++setup.result.failures[reason];
  }
}

}  // namespace

ConversationSetup CreateConversations(tcp::endpoint server, const std::string& host_header,
                                      const std::vector<Account>& accounts, std::size_t pairs,
                                      std::size_t connections) {
  const auto began = std::chrono::steady_clock::now();
  net::io_context io;
  Setup setup{server, host_header, accounts, pairs};
  setup.result.ids.resize(pairs);
  for (std::size_t i = 0; i < connections; ++i) net::co_spawn(io, Worker(setup), net::detached);
  io.run();
  setup.result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return std::move(setup.result);
}

}  // namespace lenslet::bench

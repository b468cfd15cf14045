#pragma once
// Keep-alive HTTP/1.1 connections to one server, shared by every person of a
// thread (a browser holds a few per origin; N people behind one generator
// need far fewer than N). A request takes an idle connection, else opens a
// new one up to the cap, else waits its turn: the wait counts in the
// request's latency, which runs from its scheduled time.
//
// With `accept_gzip` every request says "Accept-Encoding: gzip, deflate, br"
// as a browser does, and gzipped answers are inflated: the server's cost of
// compressing its pages is part of what it costs to serve people.
//
// Not thread-safe: every call runs on the io_context that owns the pool.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lenslet::bench::usermodel {

struct HttpResult {
  std::string error;  // transport failure ("timeout", "connect: …"); empty when an answer came
  unsigned status = 0;
  std::string body;
};

class HttpPool {
 public:
  HttpPool(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server, std::string host,
           std::size_t max_connections, std::chrono::milliseconds timeout, bool accept_gzip);
  HttpPool(const HttpPool&) = delete;
  HttpPool& operator=(const HttpPool&) = delete;

  // `target` is the path and query; `token` goes in Authorization: Bearer.
  // `content_type` and `body` only for requests with a body.
  boost::asio::awaitable<HttpResult> Request(boost::beast::http::verb method, std::string target,
                                             const std::string& token, std::string content_type = {},
                                             std::string body = {});
  // Closes every connection: pending requests fail, later ones fail at once.
  void Close();
  std::size_t opened() const { return connections_.size(); }

 private:
  struct Connection {
    std::optional<boost::beast::tcp_stream> stream;
    boost::beast::flat_buffer buffer;
  };
  struct Waiter {
    boost::asio::steady_timer timer;
    Connection* connection = nullptr;
  };

  boost::asio::awaitable<Connection*> Acquire();
  void Release(Connection* connection);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::endpoint server_;
  std::string host_;
  std::size_t max_connections_;
  std::chrono::milliseconds timeout_;
  bool accept_gzip_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
  std::deque<Waiter*> waiters_;
  bool closed_ = false;
};

}  // namespace lenslet::bench::usermodel

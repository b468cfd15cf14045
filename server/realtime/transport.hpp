#pragma once
// What the transports need from the HTTP server, without depending on http/
// (DESIGN.md: realtime/ uses core only). realtime/http_mount/ converts.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "realtime/options.hpp"

namespace lenslet::realtime {

struct HttpRequest {
  std::string method;  // "GET", "POST", "OPTIONS", …
  Handshake handshake;
};

struct HttpAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class BodyStatus { kRead, kTooLarge, kMalformed };
// Reads the request body into `body`, at most `limit` bytes; call it once.
using BodyReader = std::function<boost::asio::awaitable<BodyStatus>(std::string& body, std::size_t limit)>;

}  // namespace lenslet::realtime

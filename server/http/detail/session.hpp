#pragma once
// One HTTP/1.1 connection: keep-alive and pipelining, limits and timeouts.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "core/log_context.hpp"

#include "http/detail/server_context.hpp"

namespace lenslet::http::detail {

// Serves requests on `socket` until the peer closes, a timeout fires, an error
// forbids going on, or the server stops. `socket` must be bound to a strand:
// the session runs on it, and Stop() posts to it. The session names its
// current request in `log_scope` (run it on a core::LogScopeExecutor of it).
boost::asio::awaitable<void> RunSession(boost::asio::ip::tcp::socket socket, ServerContext& context,
                                        std::shared_ptr<core::LogScope> log_scope);

}  // namespace lenslet::http::detail

#pragma once
// The middleware chain from a parsed request head to a finished response,
// free of Beast so it reads (and is tested) as plain code. Order:
//   request id, client address (done by the caller, which has the peer)
//   → error envelope around: CSRF origin check → readiness → routing
//     (404/405, static files, built-in health) → authentication → body → handler
//   → X-Request-Id, security headers, Cache-Control on /api, gzip.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <string_view>

#include "http/detail/server_context.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::http::detail {

// Thrown by a BodyReader when the connection failed (timeout, reset): there is
// nobody to answer. Deliberately not a std::exception, so the error envelope
// lets it through to the session, which closes the socket.
struct ConnectionLost {};

// Reads the request body into request.body, at most `body_limit` bytes. Called
// only once the route (and its limit) is known and the caller authenticated, so
// nothing unwanted is ever read. Throws core::Error (413, 400) or ConnectionLost.
using BodyReader = std::function<boost::asio::awaitable<void>(Request&, std::size_t body_limit)>;

// `request` has method, target, path, headers, client_address and request_id set.
boost::asio::awaitable<Response> HandleRequest(Request& request, ServerContext& context,
                                               const BodyReader& read_body);

// The outbound middleware, also applied to answers the session makes itself
// (400, 431): X-Request-Id, security headers, no-store on /api, gzip.
void FinishResponse(const Request& request, Response& response);

bool IsApiPath(std::string_view path);

}  // namespace lenslet::http::detail

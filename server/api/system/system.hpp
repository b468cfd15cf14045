#pragma once
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::system {

boost::asio::awaitable<http::Response> Health(Services& services, http::Request& request);

}  // namespace lenslet::api::system

#pragma once
// Reports (API.md "Safety and moderation", issue 13.2): anyone signed in
// tells the moderators about something they can see.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::reports {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action CreateReport;  // POST /reports

}  // namespace lenslet::api::reports

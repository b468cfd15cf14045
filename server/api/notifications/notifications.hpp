#pragma once
// The caller's notifications (API.md: GET /notifications, POST
// /notifications/read). Other features create and remove notifications with
// store::NotificationStore inside their own write unit.
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lenslet::api::notifications {

using Action = boost::asio::awaitable<http::Response>(Services&, http::Request&);

Action ListNotifications;  // GET  /notifications
Action MarkRead;           // POST /notifications/read

}  // namespace lenslet::api::notifications

#pragma once
// Tells an account's owner that wrong passwords are being tried on it (issue
// 17.4): auth::AuthOptions::on_attack, called by the login throttle at most
// once per window. A `security` notification whose actor is the owner; an
// older one is replaced so the new one surfaces as unread, and it is pushed
// live like any other. Mail joins it once mail exists (issue 14).
#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "core/ids.hpp"

namespace lenslet::api::notifications {

// Never throws: a failed alert is logged and never fails the login it follows.
boost::asio::awaitable<void> AlertFailedLogins(Services& services, core::UserId owner);

}  // namespace lenslet::api::notifications

#pragma once
// The `presence` event (API.md "Real time"): tells everyone who shares a
// conversation with a user that they came online or went offline, and
// records lastSeenAt when they went offline. The one place that does it,
// whoever decides the transition: socket_handler.cpp starts it on the
// socket's executor when InMemoryPresence decides there; RedisPresence decides
// on its own thread and starts it through PresenceAnnouncer.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>

#include "api/services.hpp"
#include "core/ids.hpp"

namespace lenslet::api::live {

// Never throws: a failure is logged (the transition is simply not announced).
boost::asio::awaitable<void> AnnouncePresenceChange(Services& services, core::UserId user, bool online);

// A callable for RedisPresence: starts AnnouncePresenceChange on `executor`
// and returns at once (the caller is a thread that talks to Redis). `services`
// and the executor's context must outlive the presence that calls it.
std::function<void(core::UserId, bool)> PresenceAnnouncer(Services& services, boost::asio::any_io_executor executor);

}  // namespace lenslet::api::live

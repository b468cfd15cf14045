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
#include <vector>

#include "api/services.hpp"
#include "core/ids.hpp"

namespace lenslet::api::live {

// Never throws: a failure is logged (the transition is simply not announced).
boost::asio::awaitable<void> AnnouncePresenceChange(Services& services, core::UserId user, bool online);

// After a change that may have taken `subject`'s activity away from `viewers`
// or given it back (a block or an unblock, a restriction or its end, a message
// request accepted by the accept button, a reply or opening the 1:1): those
// who may no longer see it hear "offline", with no lastSeenAt (as the REST
// views then show them), so no open screen keeps showing a presence they may
// not know; those who may see it hear "online" if the subject is online — at
// once rather than at its next coming online. Call it after the change has
// committed: it decides on a read of the subject's contacts made then, in
// order with every other presence event about the subject (see the .cpp), so
// an announcement decided before the change cannot overtake it. Nothing to do
// (no read) for no viewers. Never throws.
boost::asio::awaitable<void> RetellPresence(Services& services, core::UserId subject,
                                            std::vector<core::UserId> viewers);

// A callable for RedisPresence: starts AnnouncePresenceChange on `executor`
// and returns at once (the caller is a thread that talks to Redis). `services`
// and the executor's context must outlive the presence that calls it.
std::function<void(core::UserId, bool)> PresenceAnnouncer(Services& services, boost::asio::any_io_executor executor);

}  // namespace lenslet::api::live

#pragma once
// What sockets and broadcasts both build: the EVENT packet of an emit, and
// the log line of a handler that threw.
#include <exception>
#include <string>
#include <string_view>

#include "realtime/payload.hpp"
#include "realtime/protocol/socketio.hpp"

namespace lenslet::realtime::detail {

// [event, ...args] on `nsp`, binary attachments included.
protocol::SioPacket EventPacket(const std::string& nsp, std::string_view event, Payload args);

// The completion of a spawned connection or event handler: logs what it threw.
void LogHandlerFailure(std::exception_ptr error);

}  // namespace lenslet::realtime::detail

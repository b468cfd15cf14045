#pragma once
// SHA-1 (RFC 3174), for the one thing RFC 6455 needs it for: the
// Sec-WebSocket-Accept of a handshake. Not for anything that needs security.
#include <array>
#include <cstdint>
#include <string_view>

namespace lenslet::realtime::protocol::detail {

std::array<std::uint8_t, 20> Sha1(std::string_view bytes);

}  // namespace lenslet::realtime::protocol::detail

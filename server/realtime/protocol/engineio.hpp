#pragma once
// Engine.IO v4 packets and payloads (https://github.com/socketio/engine.io-protocol,
// "Protocol" and "Packet encoding"). Pure: no sockets, no I/O, no threads.
//
//   over WebSocket  one packet per frame; a text frame is "<type>[<data>]", a
//                   binary frame is a binary `message` packet with no type prefix.
//   over polling    packets joined by the record separator \x1e; a binary packet
//                   is "b" + base64 of its bytes (always a `message`).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/protocol/result.hpp"

namespace lenslet::realtime::protocol {

enum class EioPacketType : std::uint8_t {
  kOpen = 0,
  kClose = 1,
  kPing = 2,
  kPong = 3,
  kMessage = 4,
  kUpgrade = 5,
  kNoop = 6,
};

// v4 puts the record separator between polling packets and relies on it never
// appearing in text data (engine.io-protocol "From v3 to v4"). Socket.IO text
// never contains it: JSON escapes control characters and namespaces are
// checked on decode.
inline constexpr char kRecordSeparator = '\x1e';

struct EioPacket {
  EioPacketType type = EioPacketType::kMessage;
  // Text after the type digit, or the raw bytes when `binary`.
  std::string data;
  // Only `message` packets carry binary data in v4.
  bool binary = false;

  static EioPacket Text(EioPacketType type, std::string data = {}) { return {type, std::move(data), false}; }
  static EioPacket Binary(std::string bytes) { return {EioPacketType::kMessage, std::move(bytes), true}; }

  friend bool operator==(const EioPacket&, const EioPacket&) = default;
};

struct EioLimits {
  // Bytes of one polling body or one WebSocket frame; the same figure is
  // announced to clients as `maxPayload` in the handshake.
  std::size_t max_payload = 1'000'000;
  // Packets in one polling body: bounds the allocations one request can cause.
  std::size_t max_packets = 4096;
};

// The JSON of the `open` packet (engine.io-protocol "Handshake").
struct OpenHandshake {
  std::string sid;
  std::vector<std::string> upgrades;  // {"websocket"} on polling, {} on WebSocket
  std::int64_t ping_interval_ms = 25'000;
  std::int64_t ping_timeout_ms = 20'000;
  std::int64_t max_payload = 1'000'000;

  friend bool operator==(const OpenHandshake&, const OpenHandshake&) = default;
};

// {"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}, keys in the spec's order.
std::string EncodeHandshake(const OpenHandshake& handshake);
// The `open` packet: type 0 with the handshake JSON as data.
EioPacket MakeOpenPacket(const OpenHandshake& handshake);
// For clients (load generator, tests): every field is required and typed.
Result<OpenHandshake> DecodeHandshake(std::string_view json);

// "<type digit><data>". Precondition: !packet.binary.
std::string EncodeTextPacket(const EioPacket& packet);
// The frame body; send it as a binary frame exactly when packet.binary.
std::string EncodeWebSocketFrame(const EioPacket& packet);
// One packet as it appears inside a polling body ("b"+base64 when binary).
std::string EncodePollingPacket(const EioPacket& packet);
// Packets joined by \x1e. Precondition: no text data contains \x1e.
std::string EncodePollingPayload(std::span<const EioPacket> packets);

// "<type digit>[<data>]"; any data is accepted as is.
Result<EioPacket> DecodeTextPacket(std::string_view text);
Result<EioPacket> DecodeWebSocketFrame(std::string_view frame, bool is_binary, const EioLimits& limits = {});
// A whole POST body. All or nothing: one malformed packet fails the payload,
// as engine.io-parser's decodePayload stops at the first error packet.
Result<std::vector<EioPacket>> DecodePollingPayload(std::string_view body, const EioLimits& limits = {});

}  // namespace lenslet::realtime::protocol

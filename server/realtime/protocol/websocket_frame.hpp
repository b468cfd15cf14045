#pragma once
// RFC 6455 framing for the server side of a WebSocket, pure (no I/O): the
// transport feeds the bytes it reads and sends the bytes encoded here. Ours
// rather than Beast's stream because an idle Beast stream costs ~3 kB (its
// read buffer and timers live in the stream); this keeps nothing while idle.
// No extensions (permessage-deflate is never negotiated), so RSV bits are errors.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "realtime/protocol/result.hpp"

namespace lenslet::realtime::protocol {

enum class WsOpcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes we send (RFC 6455 7.4.1).
inline constexpr std::uint16_t kWsCloseNormal = 1000;
inline constexpr std::uint16_t kWsCloseProtocolError = 1002;
inline constexpr std::uint16_t kWsCloseInvalidData = 1007;  // text that is not UTF-8
inline constexpr std::uint16_t kWsCloseTooBig = 1009;

// What the reader hands up: a whole data message (its fragments joined) or a
// control frame, which may arrive between the fragments of a message.
struct WsEvent {
  enum class Kind { kText, kBinary, kPing, kPong, kClose };
  Kind kind = Kind::kText;
  std::string payload;  // data; ping/pong application data; close reason
  // kClose: the peer's code, or 1005 ("no status") when its frame had none.
  std::uint16_t close_code = 1005;

  friend bool operator==(const WsEvent&, const WsEvent&) = default;
};

// A violation: the connection must be closed with `close_code` (RFC 6455 7.1.7).
struct WsFailure {
  std::uint16_t close_code;
  std::string_view reason;  // fixed text for the log
};

// Decodes a client's frames (masked, RFC 6455 5.1). Messages larger than
// `max_message` bytes, fragments included, are refused with 1009. Holds only
// the bytes of an unfinished frame or message: nothing once a message is out.
class WsReader {
 public:
  explicit WsReader(std::size_t max_message) : max_message_(max_message) {}

  // The next event from `bytes` (the bytes read since the last call) and
  // what was left pending before; nullopt when more bytes are needed. Call
  // again with empty `bytes` until nullopt: one read may hold several frames.
  // After a failure the reader is unusable.
  std::optional<WsEvent> Next(std::string_view& bytes, std::optional<WsFailure>& failure);

  // Whether part of a frame or message is held (an idle connection holds none).
  bool pending() const { return !partial_.empty() || message_open_; }

 private:
  std::optional<WsEvent> Parse(std::string_view& input, bool& consumed_input, std::optional<WsFailure>& failure);
  std::optional<WsEvent> Finish(WsOpcode opcode, bool fin, std::string payload, std::optional<WsFailure>& failure);

  std::size_t max_message_;
  std::string partial_;  // an unfinished frame's bytes (header included)
  // A fragmented data message in progress.
  bool message_open_ = false;
  bool message_binary_ = false;
  std::string message_;
};

// One unfragmented server frame (unmasked, FIN set).
std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload);
// A close frame with `code` and an optional short reason.
std::string EncodeWsClose(std::uint16_t code, std::string_view reason = {});
// A client's frame (masked with `mask`), for tests and the load generator.
std::string EncodeWsClientFrame(WsOpcode opcode, std::string_view payload, std::uint32_t mask, bool fin = true);

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key (RFC 6455 4.2.2).
std::string WsAcceptKey(std::string_view client_key);
// Whether `key` is a valid Sec-WebSocket-Key: base64 of 16 bytes.
bool IsValidWsKey(std::string_view key);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

}  // namespace lenslet::realtime::protocol

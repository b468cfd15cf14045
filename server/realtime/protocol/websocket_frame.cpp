#include "realtime/protocol/websocket_frame.hpp"

#include <array>
#include <cstring>

#include "realtime/protocol/detail/base64.hpp"
#include "realtime/protocol/detail/sha1.hpp"

namespace lenslet::realtime::protocol {
namespace {

// RFC 6455 5.5: control frames carry at most 125 bytes and are never fragmented.
constexpr std::size_t kMaxControlPayload = 125;

bool IsControl(WsOpcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }

bool IsKnown(std::uint8_t opcode) { return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA); }

void AppendLength(std::string& out, std::uint8_t first, std::size_t length, std::uint8_t mask_bit) {
  out.push_back(static_cast<char>(first));
  if (length < 126) {
    out.push_back(static_cast<char>(mask_bit | length));
  } else if (length <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((std::uint64_t{length} >> shift) & 0xFF));
  }
}

WsFailure Violation(std::string_view reason) { return WsFailure{kWsCloseProtocolError, reason}; }

}  // namespace

std::optional<WsEvent> WsReader::Next(std::string_view& bytes, std::optional<WsFailure>& failure) {
  // Frames that complete no event (a fragment) are consumed and the loop goes on.
  while (!failure) {
    bool consumed = false;
    if (partial_.empty()) {
      // The common case: whole frames in what was just read, parsed in place.
      auto event = Parse(bytes, consumed, failure);
      if (event || failure) return event;
      if (consumed) continue;
      // Not enough for a frame: keep the bytes for the next read.
      partial_.append(bytes);
      bytes = {};
      return std::nullopt;
    }
    partial_.append(bytes);
    bytes = {};
    std::string_view input = partial_;
    auto event = Parse(input, consumed, failure);
    if (!consumed) return event;  // nullopt, or the failure
    // What follows the frame is kept; released entirely when nothing is left.
    if (input.empty()) {
      std::string().swap(partial_);
    } else {
      partial_.erase(0, partial_.size() - input.size());
    }
    if (event || failure) return event;
  }
  return std::nullopt;
}

std::optional<WsEvent> WsReader::Parse(std::string_view& input, bool& consumed_input,
                                       std::optional<WsFailure>& failure) {
  consumed_input = false;
  if (input.size() < 2) return std::nullopt;
  const auto b0 = static_cast<std::uint8_t>(input[0]);
  const auto b1 = static_cast<std::uint8_t>(input[1]);
  const bool fin = (b0 & 0x80) != 0;
  if ((b0 & 0x70) != 0) {
    failure = Violation("reserved bits set");
    return std::nullopt;
  }
  if (!IsKnown(b0 & 0x0F)) {
    failure = Violation("unknown opcode");
    return std::nullopt;
  }
  const auto opcode = static_cast<WsOpcode>(b0 & 0x0F);
  if ((b1 & 0x80) == 0) {
    failure = Violation("unmasked client frame");
    return std::nullopt;
  }
  std::size_t header = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    header = 4;
    if (input.size() < header) return std::nullopt;
    length = (std::uint64_t{static_cast<std::uint8_t>(input[2])} << 8) | static_cast<std::uint8_t>(input[3]);
    if (length < 126) {
      failure = Violation("length not minimal");
      return std::nullopt;
    }
  } else if (length == 127) {
    header = 10;
    if (input.size() < header) return std::nullopt;
    length = 0;
    for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(input[i]);
    if (length <= 0xFFFF || (length >> 63) != 0) {
      failure = Violation("length not minimal");
      return std::nullopt;
    }
  }
  if (IsControl(opcode) && (!fin || length > kMaxControlPayload)) {
    failure = Violation("bad control frame");
    return std::nullopt;
  }
  // Refused on the header, before the bytes arrive: a peer cannot make us buffer them.
  const std::size_t so_far = IsControl(opcode) ? 0 : message_.size();
  if (length > max_message_ || so_far + length > max_message_) {
    failure = WsFailure{kWsCloseTooBig, "message too big"};
    return std::nullopt;
  }
  header += 4;  // the mask
  if (input.size() < header + length) return std::nullopt;
  std::array<std::uint8_t, 4> mask{};
  std::memcpy(mask.data(), input.data() + header - 4, 4);
  std::string payload(input.substr(header, static_cast<std::size_t>(length)));
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
  input.remove_prefix(header + static_cast<std::size_t>(length));
  consumed_input = true;
  return Finish(opcode, fin, std::move(payload), failure);
}

std::optional<WsEvent> WsReader::Finish(WsOpcode opcode, bool fin, std::string payload,
                                        std::optional<WsFailure>& failure) {
  switch (opcode) {
    case WsOpcode::kPing: return WsEvent{.kind = WsEvent::Kind::kPing, .payload = std::move(payload)};
    case WsOpcode::kPong: return WsEvent{.kind = WsEvent::Kind::kPong, .payload = std::move(payload)};
    case WsOpcode::kClose: {
      WsEvent event{.kind = WsEvent::Kind::kClose};
      if (payload.size() == 1) {
        failure = Violation("close frame of one byte");
        return std::nullopt;
      }
      if (payload.size() >= 2) {
        event.close_code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                      static_cast<std::uint8_t>(payload[1]));
        // RFC 6455 7.4: codes a peer may send on the wire.
        const auto code = event.close_code;
        const bool valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
                           (code >= 3000 && code <= 4999);
        event.payload = payload.substr(2);
        if (!valid || !IsValidUtf8(event.payload)) {
          failure = Violation("bad close frame");
          return std::nullopt;
        }
      }
      return event;
    }
    case WsOpcode::kText:
    case WsOpcode::kBinary:
      if (message_open_) {
        failure = Violation("new message inside a fragmented one");
        return std::nullopt;
      }
      if (!fin) {
        message_open_ = true;
        message_binary_ = opcode == WsOpcode::kBinary;
        message_ = std::move(payload);
        return std::nullopt;
      }
      if (opcode == WsOpcode::kText && !IsValidUtf8(payload)) {
        failure = WsFailure{kWsCloseInvalidData, "text is not UTF-8"};
        return std::nullopt;
      }
      return WsEvent{.kind = opcode == WsOpcode::kText ? WsEvent::Kind::kText : WsEvent::Kind::kBinary,
                     .payload = std::move(payload)};
    case WsOpcode::kContinuation: {
      if (!message_open_) {
        failure = Violation("continuation without a message");
        return std::nullopt;
      }
      message_ += payload;
      if (!fin) return std::nullopt;
      message_open_ = false;
      WsEvent event{.kind = message_binary_ ? WsEvent::Kind::kBinary : WsEvent::Kind::kText};
      event.payload.swap(message_);
      if (event.kind == WsEvent::Kind::kText && !IsValidUtf8(event.payload)) {
        failure = WsFailure{kWsCloseInvalidData, "text is not UTF-8"};
        return std::nullopt;
      }
      return event;
    }
  }
  failure = Violation("unknown opcode");
  return std::nullopt;
}

std::string EncodeWsFrame(WsOpcode opcode, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  AppendLength(out, 0x80 | static_cast<std::uint8_t>(opcode), payload.size(), 0);
  out.append(payload);
  return out;
}

std::string EncodeWsClose(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, kMaxControlPayload - 2));
  return EncodeWsFrame(WsOpcode::kClose, payload);
}

std::string EncodeWsClientFrame(WsOpcode opcode, std::string_view payload, std::uint32_t mask, bool fin) {
  std::string out;
  out.reserve(payload.size() + 14);
  AppendLength(out, (fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode), payload.size(), 0x80);
  const std::array<std::uint8_t, 4> key{static_cast<std::uint8_t>(mask >> 24), static_cast<std::uint8_t>(mask >> 16),
                                        static_cast<std::uint8_t>(mask >> 8), static_cast<std::uint8_t>(mask)};
  for (const auto byte : key) out.push_back(static_cast<char>(byte));
  for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  return out;
}

std::string WsAcceptKey(std::string_view client_key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(client_key);
  input.append(kGuid);
  const auto digest = detail::Sha1(input);
  return detail::Base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

bool IsValidWsKey(std::string_view key) {
  const auto decoded = detail::Base64Decode(key);
  return decoded && decoded->size() == 16;
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<std::uint8_t>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    std::uint32_t code = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, code = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, code = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, code = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (extra > text.size() - i - 1) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<std::uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace lenslet::realtime::protocol

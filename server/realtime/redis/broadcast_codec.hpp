#pragma once
// The message one instance publishes on the Redis channel for the others: one
// JSON object per Broadcast. Pure (no Redis, no threads), unit tested and fuzzed
// (fuzz/broadcast_decode_fuzz.cpp).
//
//   {"v":1,"origin":"<instance id>","kind":"emit"|"disconnect","nsp":"/",
//    "rooms":[...],"except":[...],"event":"...","args":[...],"attachments":["<base64>",...],
//    "at":<published, UTC microseconds; optional>}
//
// `args` keeps Socket.IO's binary placeholders ({"_placeholder":true,"num":N})
// and `attachments[N]` carries the bytes in standard base64, exactly as a
// Payload holds them, so nothing is rewritten on either side. Unknown fields
// are ignored (a later instance may add some); another "v" is refused, so a
// mixed-version rollout drops messages instead of misreading them.
#include <cstddef>
#include <string>
#include <string_view>

#include "realtime/protocol/result.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime::redis {

inline constexpr int kWireVersion = 1;

struct WireBroadcast {
  std::string origin;  // the publishing instance, so it can skip its own messages
  Broadcast broadcast;

  friend bool operator==(const WireBroadcast&, const WireBroadcast&) = default;
};

struct CodecLimits {
  // Whole message. Broadcasts are events for browsers, bounded by the
  // Socket.IO max payload (1 MB by default) plus base64 growth.
  std::size_t max_bytes = 16 * 1024 * 1024;
  std::size_t max_json_depth = 64;
  std::size_t max_attachments = 64;
};

std::string EncodeBroadcast(std::string_view origin, const Broadcast& broadcast);

// Never throws on bad input: a DecodeFailure (kTooLarge, kBadJson, kBadPayload,
// kBadBase64, kBadPlaceholder) with a fixed message that never echoes the input.
protocol::Result<WireBroadcast> DecodeBroadcast(std::string_view text, const CodecLimits& limits = {});

}  // namespace lenslet::realtime::redis

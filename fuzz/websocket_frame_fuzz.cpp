// libFuzzer target for the WebSocket framing (server/realtime/protocol/
// websocket_frame.cpp). Each input is tried two ways:
//   1. as client bytes, fed to a WsReader in pieces whose sizes the input's
//      first byte picks: a frame split anywhere must decode the same as whole,
//      and anything else must end in a WsFailure, never a crash;
//   2. as a payload: encoded as client frames (whole, and fragmented with a
//      ping between the fragments) it must decode back to itself.
//
// Build (clang only):
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLENSLET_FUZZ=ON
//   cmake --build build-fuzz --target websocket_frame_fuzz
// Run for 60 s (new inputs go to the scratch dir, not git):
//   mkdir -p /tmp/ws-corpus && build-fuzz/bin/websocket_frame_fuzz -max_total_time=60 -max_len=4096 /tmp/ws-corpus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/protocol/websocket_frame.hpp"

namespace protocol = lenslet::realtime::protocol;

namespace {

constexpr std::size_t kMaxMessage = 1024;

struct Decoded {
  std::vector<protocol::WsEvent> events;
  bool failed = false;
};

Decoded Decode(std::string_view bytes, std::size_t piece) {
  protocol::WsReader reader(kMaxMessage);
  Decoded out;
  std::optional<protocol::WsFailure> failure;
  while (!bytes.empty() && !failure) {
    std::string_view chunk = bytes.substr(0, piece);
    bytes.remove_prefix(chunk.size());
    while (auto event = reader.Next(chunk, failure)) out.events.push_back(std::move(*event));
  }
  out.failed = failure.has_value();
  return out;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t piece = 1 + static_cast<std::uint8_t>(input[0]) % 17;
  const std::string_view rest = input.substr(1);

  // 1. Arbitrary bytes: pieces or whole, the same events up to the failure.
  const auto whole = Decode(rest, rest.size() + 1);
  const auto pieces = Decode(rest, piece);
  Check(whole.failed == pieces.failed);
  Check(whole.events == pieces.events);

  // 2. A payload round trip (text only when it is UTF-8).
  const bool text = protocol::IsValidUtf8(rest);
  const auto opcode = text ? protocol::WsOpcode::kText : protocol::WsOpcode::kBinary;
  const auto kind = text ? protocol::WsEvent::Kind::kText : protocol::WsEvent::Kind::kBinary;
  const std::string frame = protocol::EncodeWsClientFrame(opcode, rest, 0xA5C31F07u);
  const auto single = Decode(frame, piece);
  if (rest.size() > kMaxMessage) {
    Check(single.failed && single.events.empty());
    return 0;
  }
  Check(!single.failed && single.events.size() == 1 && single.events[0].kind == kind &&
        single.events[0].payload == rest);
  // Fragmented at an arbitrary point (text is only checked when whole), a ping between.
  const std::size_t cut = rest.empty() ? 0 : piece % (rest.size() + 1);
  const std::string fragmented = protocol::EncodeWsClientFrame(opcode, rest.substr(0, cut), 1u, false) +
                                 protocol::EncodeWsClientFrame(protocol::WsOpcode::kPing, "p", 2u) +
                                 protocol::EncodeWsClientFrame(protocol::WsOpcode::kContinuation, rest.substr(cut), 3u);
  const auto joined = Decode(fragmented, piece);
  Check(!joined.failed && joined.events.size() == 2 && joined.events[0].kind == protocol::WsEvent::Kind::kPing &&
        joined.events[1].kind == kind && joined.events[1].payload == rest);
  // The server's own frame of it is what a client frame is, unmasked.
  const std::string server = protocol::EncodeWsFrame(opcode, rest);
  Check(server.size() + 4 == frame.size());
  return 0;
}

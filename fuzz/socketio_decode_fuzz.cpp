// libFuzzer target for the Engine.IO v4 / Socket.IO v5 codec
// (server/realtime/protocol). Every input is tried three ways:
//   1. as an HTTP long-polling body: Engine.IO payload decoder, then every
//      `message` through the Socket.IO stream decoder (SioDecoder), so binary
//      attachments arrive as "b"+base64 packets;
//   2. as one Socket.IO text packet;
//   3. split on \x1e into a Socket.IO header and raw binary attachments.
// Whatever decodes must re-encode and decode to the same value (round trip);
// anything else must come back as a DecodeFailure, never a crash or an
// exception (libFuzzer reports uncaught exceptions as crashes).
//
// Build (clang only):
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLENSLET_FUZZ=ON
//   cmake --build build-fuzz --target socketio_decode_fuzz
// Run for 60 s from the seed corpus (new inputs go to the scratch dir, not git):
//   mkdir -p /tmp/sio-corpus
//   build-fuzz/bin/socketio_decode_fuzz -max_total_time=60 -max_len=4096 \
//       -dict=fuzz/socketio_decode.dict /tmp/sio-corpus fuzz/corpus/socketio_decode
// Reproduce a crash: build-fuzz/bin/socketio_decode_fuzz crash-<hash>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/protocol/engineio.hpp"
#include "realtime/protocol/socketio.hpp"
#include "same_json.hpp"

namespace protocol = lenslet::realtime::protocol;

namespace {

// Small limits so the fuzzer reaches every limit branch with short inputs.
constexpr protocol::EioLimits kEioLimits{.max_payload = 4096, .max_packets = 64};
constexpr protocol::SioLimits kSioLimits{
    .max_attachments = 4, .max_packet_bytes = 4096, .max_namespace_bytes = 32, .max_json_depth = 16};

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

using lenslet::fuzz::SameJson;

bool SamePacket(const protocol::SioPacket& a, const protocol::SioPacket& b) {
  if (a.type != b.type || a.nsp != b.nsp || a.ack_id != b.ack_id || a.attachments != b.attachments) return false;
  if (a.data.has_value() != b.data.has_value()) return false;
  return !a.data || SameJson(*a.data, *b.data);
}

void CheckSioRoundTrip(const protocol::SioPacket& packet) {
  // Re-encoding may lengthen the text (1e5 -> 1E5), so only the byte limit is relaxed.
  protocol::SioLimits relaxed = kSioLimits;
  relaxed.max_packet_bytes = std::numeric_limits<std::size_t>::max();
  const std::string text = protocol::EncodeSioPacket(packet);
  auto again = protocol::DecodeSioPacket(text, packet.attachments, relaxed);
  Require(again.ok());
  Require(SamePacket(*again, packet));
  for (const auto& bytes : packet.attachments) Require(bytes.size() <= kSioLimits.max_packet_bytes);
}

void FuzzPolling(std::string_view input) {
  auto packets = protocol::DecodePollingPayload(input, kEioLimits);
  if (!packets) return;
  Require(!packets->empty() && packets->size() <= kEioLimits.max_packets);

  auto again = protocol::DecodePollingPayload(protocol::EncodePollingPayload(*packets),
                                              protocol::EioLimits{.max_payload = 1 << 20, .max_packets = 64});
  Require(again.ok());
  Require(*again == *packets);

  protocol::SioDecoder decoder(kSioLimits);
  for (auto& packet : *packets) {
    if (packet.type != protocol::EioPacketType::kMessage) continue;
    auto step = decoder.OnMessage(std::move(packet));
    if (!step) {
      Require(!decoder.awaiting_attachments());
      continue;  // a transport would close here; keep going to explore more states
    }
    if (step->has_value()) CheckSioRoundTrip(**step);
  }
}

void FuzzSingleText(std::string_view input) {
  auto packet = protocol::DecodeSioPacket(input, {}, kSioLimits);
  if (packet) {
    Require(packet->attachments.empty());
    CheckSioRoundTrip(*packet);
  }
}

void FuzzHeaderWithAttachments(std::string_view input) {
  const std::size_t separator = input.find(protocol::kRecordSeparator);
  if (separator == std::string_view::npos) return;
  std::vector<std::string> attachments;
  std::string_view rest = input.substr(separator + 1);
  while (true) {
    const std::size_t next = rest.find(protocol::kRecordSeparator);
    attachments.emplace_back(rest.substr(0, next));
    if (next == std::string_view::npos) break;
    rest = rest.substr(next + 1);
  }
  auto packet = protocol::DecodeSioPacket(input.substr(0, separator), std::move(attachments), kSioLimits);
  if (packet) CheckSioRoundTrip(*packet);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  FuzzPolling(input);
  FuzzSingleText(input);
  FuzzHeaderWithAttachments(input);
  return 0;
}

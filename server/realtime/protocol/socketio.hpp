#pragma once
// Socket.IO v5 packets (https://github.com/socketio/socket.io-protocol, "Packet
// encoding"), carried in Engine.IO `message` packets. Pure: no I/O.
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//   + one Engine.IO binary message per attachment, in order.
//   The comma after the namespace may be left out when nothing follows it
//   ("0/admin"): the decoder accepts that, the encoder always writes it.
//
// Binary data model. A packet's JSON keeps the wire placeholders
// {"_placeholder":true,"num":N}; the bytes live in `attachments[N]`. This is
// exactly what travels, so nothing is copied or rewritten on the way in or out,
// and a handler asks ResolveAttachment() for the bytes behind a placeholder.
// Every decoded packet satisfies: each placeholder's num is in range and each
// attachment is referenced by exactly one placeholder (as the reference
// encoder produces), so resolving never fails on a decoded packet.
//
// Numbers: Boost.JSON 1.81 parses a number of more than ~17 significant digits
// approximately (JavaScript rounds it correctly; Boost gained a precise mode in
// 1.83), and integers beyond uint64 become doubles. Ids on the wire are strings.
//
// Example: emit("baz", <01 02>) on "/admin"
//   SioPacket packet{.type = SioPacketType::kEvent, .nsp = "/admin"};
//   boost::json::array args{"baz"};
//   args.push_back(AddAttachment(packet, std::string("\x01\x02", 2)));
//   packet.data = std::move(args);
//   EncodeSioPacket(packet) == R"(51-/admin,["baz",{"_placeholder":true,"num":0}])"
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/protocol/engineio.hpp"
#include "realtime/protocol/result.hpp"

namespace lenslet::realtime::protocol {

enum class SioPacketType : std::uint8_t {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

inline constexpr std::string_view kMainNamespace = "/";
// Ack ids are JavaScript numbers on the reference client: stay exact there.
inline constexpr std::uint64_t kMaxAckId = 9'007'199'254'740'991;  // Number.MAX_SAFE_INTEGER

struct SioPacket {
  // Decoding reports BINARY_EVENT/BINARY_ACK as kEvent/kAck (their attachments
  // say they were binary), like socket.io-parser; encoding picks the binary
  // type whenever `attachments` is not empty.
  SioPacketType type = SioPacketType::kEvent;
  std::string nsp = std::string(kMainNamespace);
  std::optional<std::uint64_t> ack_id;
  // Absent for DISCONNECT and for a CONNECT without auth data.
  std::optional<boost::json::value> data;
  // Only on EVENT and ACK packets.
  std::vector<std::string> attachments;

  friend bool operator==(const SioPacket&, const SioPacket&) = default;
};

struct SioLimits {
  // Announced binary attachments per packet.
  std::size_t max_attachments = 10;
  // Header text plus all attachments of one packet.
  std::size_t max_packet_bytes = 1'000'000;
  std::size_t max_namespace_bytes = 256;
  // JSON nesting; also bounds the recursion of the placeholder check.
  std::size_t max_json_depth = 32;
};

// {"_placeholder":true,"num":num}
boost::json::value MakePlaceholder(std::size_t num);
// Appends `bytes` to packet.attachments and returns the placeholder to put in its data.
boost::json::value AddAttachment(SioPacket& packet, std::string bytes);
// The bytes behind `value` when it is a placeholder of `packet`, else nullptr.
const std::string* ResolveAttachment(const SioPacket& packet, const boost::json::value& value);

// The text part, without the Engine.IO "4"; packet.attachments follow it as
// binary messages. The namespace is omitted when it is "/".
std::string EncodeSioPacket(const SioPacket& packet);
// The Engine.IO messages that carry `packet`: its text, then each attachment.
std::vector<EioPacket> ToEngineIoMessages(SioPacket packet);

// One whole packet: the text and every attachment that followed it. Fails when
// the count differs from the one announced in the text.
Result<SioPacket> DecodeSioPacket(std::string_view text, std::vector<std::string> attachments,
                                  const SioLimits& limits = {});

// Reassembles packets from the Engine.IO messages of one connection, in order
// (socket.io-parser's Decoder + BinaryReconstructor). Any error means the peer
// broke the protocol: close the connection; the decoder is reset either way.
class SioDecoder {
 public:
  explicit SioDecoder(SioLimits limits = {}) : limits_(limits) {}

  // A packet when complete; nullopt while attachments are still expected.
  Result<std::optional<SioPacket>> OnText(std::string_view text);
  Result<std::optional<SioPacket>> OnBinary(std::string bytes);
  // Routes an Engine.IO `message` to OnText/OnBinary.
  Result<std::optional<SioPacket>> OnMessage(EioPacket message);

  bool awaiting_attachments() const { return pending_ != nullptr; }
  void Reset();

 private:
  SioLimits limits_;
  // Allocated only while a binary packet's attachments arrive: a decoder sits
  // in every connection, nearly always idle.
  std::unique_ptr<SioPacket> pending_;
  std::size_t expected_ = 0;
  std::size_t pending_bytes_ = 0;
};

}  // namespace lenslet::realtime::protocol

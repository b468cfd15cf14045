#include "realtime/protocol/socketio.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <utility>

#include "core/json_numbers.hpp"

namespace lenslet::realtime::protocol {
namespace json = boost::json;
namespace {

// socket.io-parser refuses these as event names: the libraries emit them
// themselves, so a peer sending one could impersonate the library.
constexpr std::array<std::string_view, 6> kReservedEvents = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
};

// Room for any ack id up to kMaxAckId, and no more.
constexpr std::size_t kMaxAckIdDigits = 16;
// Far above any attachment limit; stops the count from overflowing first.
constexpr std::size_t kMaxAttachmentDigits = 6;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsBinaryType(SioPacketType type) {
  return type == SioPacketType::kBinaryEvent || type == SioPacketType::kBinaryAck;
}

struct Header {
  SioPacket packet;
  std::size_t expected_attachments = 0;
};

// What a placeholder check found; see the invariant in socketio.hpp.
class PlaceholderCheck {
 public:
  explicit PlaceholderCheck(std::size_t expected) : seen_(expected, false) {}

  bool Visit(const json::value& value) {
    if (const auto* array = value.if_array()) {
      for (const auto& item : *array) {
        if (!Visit(item)) return false;
      }
      return true;
    }
    const auto* object = value.if_object();
    if (object == nullptr) return true;
    // Same test as socket.io-parser's reconstructPacket: `_placeholder === true`.
    const auto* marker = object->if_contains("_placeholder");
    if (marker == nullptr || !marker->is_bool() || !marker->get_bool()) {
      for (const auto& entry : *object) {
        if (!Visit(entry.value())) return false;
      }
      return true;
    }
    const auto* num = object->if_contains("num");
    std::uint64_t index = 0;
    if (num != nullptr && num->is_int64() && num->get_int64() >= 0) {
      index = static_cast<std::uint64_t>(num->get_int64());
    } else if (num != nullptr && num->is_uint64()) {
      index = num->get_uint64();
    } else {
      return false;
    }
    if (index >= seen_.size() || seen_[index]) return false;
    seen_[index] = true;
    ++found_;
    return true;
  }

  bool complete() const { return found_ == seen_.size(); }

 private:
  std::vector<bool> seen_;
  std::size_t found_ = 0;
};

Result<Header> CheckPayload(Header header) {
  const SioPacket& packet = header.packet;
  const json::value* data = packet.data ? &*packet.data : nullptr;
  switch (packet.type) {
    case SioPacketType::kConnect:
      if (data != nullptr && !data->is_object()) {
        return Fail(DecodeError::kBadPayload, "CONNECT payload must be an object");
      }
      break;
    case SioPacketType::kDisconnect:
      if (data != nullptr) return Fail(DecodeError::kBadPayload, "DISCONNECT takes no payload");
      break;
    case SioPacketType::kEvent:
    case SioPacketType::kBinaryEvent: {
      // socket.io-protocol "Sending and receiving data": a non-empty array; we
      // also require the event name to be a string (no numeric events).
      if (data == nullptr || !data->is_array() || data->get_array().empty() ||
          !data->get_array().front().is_string()) {
        return Fail(DecodeError::kBadPayload, "EVENT payload must be an array starting with a name");
      }
      const std::string_view name = data->get_array().front().get_string();
      for (const auto reserved : kReservedEvents) {
        if (name == reserved) return Fail(DecodeError::kReservedEventName, "reserved event name");
      }
      break;
    }
    case SioPacketType::kAck:
    case SioPacketType::kBinaryAck:
      // socket.io-protocol "Acknowledgement": mandatory, an array (possibly empty).
      if (data == nullptr || !data->is_array()) {
        return Fail(DecodeError::kBadPayload, "ACK payload must be an array");
      }
      break;
    case SioPacketType::kConnectError:
      if (data == nullptr || !(data->is_object() || data->is_string())) {
        return Fail(DecodeError::kBadPayload, "CONNECT_ERROR payload must be an object or a string");
      }
      break;
  }

  const bool takes_ack_id = packet.type == SioPacketType::kEvent || packet.type == SioPacketType::kBinaryEvent ||
                            packet.type == SioPacketType::kAck || packet.type == SioPacketType::kBinaryAck;
  if (packet.ack_id && !takes_ack_id) return Fail(DecodeError::kBadAckId, "ack id on a packet that has none");
  if (!packet.ack_id && (packet.type == SioPacketType::kAck || packet.type == SioPacketType::kBinaryAck)) {
    return Fail(DecodeError::kBadAckId, "ACK without an ack id");
  }

  PlaceholderCheck check(header.expected_attachments);
  if (data != nullptr && !check.Visit(*data)) {
    return Fail(DecodeError::kBadPlaceholder, "placeholder num out of range or repeated");
  }
  if (!check.complete()) return Fail(DecodeError::kBadPlaceholder, "attachment without a placeholder");
  return header;
}

Result<Header> DecodeHeader(std::string_view text, const SioLimits& limits) {
  if (text.empty()) return Fail(DecodeError::kEmpty, "empty Socket.IO packet");
  if (text.size() > limits.max_packet_bytes) return Fail(DecodeError::kTooLarge, "Socket.IO packet too large");

  Header header;
  SioPacket& packet = header.packet;
  if (text[0] < '0' || text[0] > '6') return Fail(DecodeError::kUnknownType, "unknown Socket.IO packet type");
  packet.type = static_cast<SioPacketType>(text[0] - '0');
  std::size_t pos = 1;

  if (IsBinaryType(packet.type)) {
    std::size_t count = 0;
    const std::size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos]) && pos - start < kMaxAttachmentDigits) {
      count = count * 10 + static_cast<std::size_t>(text[pos] - '0');
      ++pos;
    }
    if (pos == start || pos == text.size() || text[pos] != '-') {
      return Fail(DecodeError::kBadAttachmentCount, "binary packet without a valid \"<count>-\"");
    }
    ++pos;
    if (count > limits.max_attachments) return Fail(DecodeError::kTooManyAttachments, "too many attachments");
    header.expected_attachments = count;
  }

  if (pos < text.size() && text[pos] == '/') {
    // The namespace runs to the first comma, or to the end of the text: a
    // packet with neither id nor payload may omit the comma ("40/admin"), and
    // socket.io-parser's decoder accepts that (the protocol's own test suite
    // sends it).
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string_view nsp = text.substr(pos, comma - pos);
    if (nsp.size() > limits.max_namespace_bytes) return Fail(DecodeError::kBadNamespace, "namespace too long");
    // Printable ASCII only: the namespace goes back on the wire unescaped, so
    // it must not carry \x1e (the polling separator) or invalid UTF-8.
    for (const char c : nsp) {
      if (c < 0x20 || c > 0x7e) return Fail(DecodeError::kBadNamespace, "namespace has a forbidden character");
    }
    packet.nsp = std::string(nsp);
    pos = std::min(comma + 1, text.size());
  }

  if (pos < text.size() && IsDigit(text[pos])) {
    std::uint64_t id = 0;
    const std::size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (pos - start == kMaxAckIdDigits) return Fail(DecodeError::kBadAckId, "ack id too long");
      id = id * 10 + static_cast<std::uint64_t>(text[pos] - '0');
      ++pos;
    }
    if (id > kMaxAckId) return Fail(DecodeError::kBadAckId, "ack id out of range");
    packet.ack_id = id;
  }

  if (pos < text.size()) {
    json::parse_options options;
    options.max_depth = limits.max_json_depth;
    boost::system::error_code ec;
    json::value value = json::parse(text.substr(pos), ec, {}, options);
    if (ec) return Fail(DecodeError::kBadJson, "payload is not JSON");
    if (!core::AllNumbersFinite(value)) return Fail(DecodeError::kBadJson, "a number out of double's range");
    packet.data = std::move(value);
  }

  auto checked = CheckPayload(std::move(header));
  if (!checked) return checked;
  // Like socket.io-parser, report the plain type: attachments carry the rest.
  if (checked->packet.type == SioPacketType::kBinaryEvent) checked->packet.type = SioPacketType::kEvent;
  if (checked->packet.type == SioPacketType::kBinaryAck) checked->packet.type = SioPacketType::kAck;
  return checked;
}

}  // namespace

json::value MakePlaceholder(std::size_t num) {
  // int64, the kind the parser gives small numbers, so built and decoded packets compare equal.
  return json::object{{"_placeholder", true}, {"num", static_cast<std::int64_t>(num)}};
}

json::value AddAttachment(SioPacket& packet, std::string bytes) {
  packet.attachments.push_back(std::move(bytes));
  return MakePlaceholder(packet.attachments.size() - 1);
}

const std::string* ResolveAttachment(const SioPacket& packet, const json::value& value) {
  const auto* object = value.if_object();
  if (object == nullptr) return nullptr;
  const auto* marker = object->if_contains("_placeholder");
  if (marker == nullptr || !marker->is_bool() || !marker->get_bool()) return nullptr;
  const auto* num = object->if_contains("num");
  if (num == nullptr) return nullptr;
  std::uint64_t index = 0;
  if (num->is_int64() && num->get_int64() >= 0) {
    index = static_cast<std::uint64_t>(num->get_int64());
  } else if (num->is_uint64()) {
    index = num->get_uint64();
  } else {
    return nullptr;
  }
  if (index >= packet.attachments.size()) return nullptr;
  return &packet.attachments[index];
}

std::string EncodeSioPacket(const SioPacket& packet) {
  SioPacketType type = packet.type;
  if (!packet.attachments.empty()) {
    if (type == SioPacketType::kEvent) type = SioPacketType::kBinaryEvent;
    if (type == SioPacketType::kAck) type = SioPacketType::kBinaryAck;
  }
  std::string out;
  out += static_cast<char>('0' + static_cast<int>(type));
  if (IsBinaryType(type)) {
    out += std::to_string(packet.attachments.size());
    out += '-';
  }
  if (!packet.nsp.empty() && packet.nsp != kMainNamespace) {
    out += packet.nsp;
    out += ',';
  }
  if (packet.ack_id) out += std::to_string(*packet.ack_id);
  if (packet.data) out += json::serialize(*packet.data);
  return out;
}

std::vector<EioPacket> ToEngineIoMessages(SioPacket packet) {
  std::vector<EioPacket> messages;
  messages.reserve(1 + packet.attachments.size());
  messages.push_back(EioPacket::Text(EioPacketType::kMessage, EncodeSioPacket(packet)));
  for (auto& bytes : packet.attachments) messages.push_back(EioPacket::Binary(std::move(bytes)));
  return messages;
}

Result<SioPacket> DecodeSioPacket(std::string_view text, std::vector<std::string> attachments,
                                  const SioLimits& limits) {
  auto header = DecodeHeader(text, limits);
  if (!header) return header.error();
  if (attachments.size() != header->expected_attachments) {
    return Fail(DecodeError::kAttachmentMismatch, "attachment count differs from the announced one");
  }
  std::size_t total = text.size();
  for (const auto& bytes : attachments) {
    total += bytes.size();
    if (total > limits.max_packet_bytes) return Fail(DecodeError::kTooLarge, "Socket.IO packet too large");
  }
  header->packet.attachments = std::move(attachments);
  return std::move(header->packet);
}

Result<std::optional<SioPacket>> SioDecoder::OnText(std::string_view text) {
  if (pending_) {
    Reset();
    return Fail(DecodeError::kAttachmentMismatch, "text packet while attachments are pending");
  }
  auto header = DecodeHeader(text, limits_);
  if (!header) return header.error();
  if (header->expected_attachments == 0) return std::optional<SioPacket>(std::move(header->packet));
  pending_ = std::make_unique<SioPacket>(std::move(header->packet));
  expected_ = header->expected_attachments;
  pending_bytes_ = text.size();
  return std::optional<SioPacket>();
}

Result<std::optional<SioPacket>> SioDecoder::OnBinary(std::string bytes) {
  if (!pending_) return Fail(DecodeError::kAttachmentMismatch, "binary message without a binary packet");
  pending_bytes_ += bytes.size();
  if (pending_bytes_ > limits_.max_packet_bytes) {
    Reset();
    return Fail(DecodeError::kTooLarge, "Socket.IO packet too large");
  }
  pending_->attachments.push_back(std::move(bytes));
  if (pending_->attachments.size() < expected_) return std::optional<SioPacket>();
  std::optional<SioPacket> done = std::move(*pending_);
  Reset();
  return done;
}

Result<std::optional<SioPacket>> SioDecoder::OnMessage(EioPacket message) {
  if (message.type != EioPacketType::kMessage) {
    Reset();
    return Fail(DecodeError::kUnknownType, "only Engine.IO messages carry Socket.IO packets");
  }
  if (message.binary) return OnBinary(std::move(message.data));
  return OnText(message.data);
}

void SioDecoder::Reset() {
  pending_.reset();
  expected_ = 0;
  pending_bytes_ = 0;
}

}  // namespace lenslet::realtime::protocol

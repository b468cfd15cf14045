#include "realtime/protocol/engineio.hpp"

#include <boost/json.hpp>

#include "realtime/protocol/detail/base64.hpp"

namespace lenslet::realtime::protocol {
namespace json = boost::json;

std::string EncodeHandshake(const OpenHandshake& handshake) {
  json::array upgrades;
  for (const auto& name : handshake.upgrades) upgrades.emplace_back(name);
  json::object object;
  object["sid"] = handshake.sid;
  object["upgrades"] = std::move(upgrades);
  object["pingInterval"] = handshake.ping_interval_ms;
  object["pingTimeout"] = handshake.ping_timeout_ms;
  object["maxPayload"] = handshake.max_payload;
  return json::serialize(object);
}

EioPacket MakeOpenPacket(const OpenHandshake& handshake) {
  return EioPacket::Text(EioPacketType::kOpen, EncodeHandshake(handshake));
}

Result<OpenHandshake> DecodeHandshake(std::string_view text) {
  boost::system::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec) return Fail(DecodeError::kBadJson, "handshake is not JSON");
  const json::object* object = value.if_object();
  if (object == nullptr) return Fail(DecodeError::kBadPayload, "handshake is not an object");

  OpenHandshake handshake;
  const auto* sid = object->if_contains("sid");
  if (sid == nullptr || !sid->is_string()) return Fail(DecodeError::kBadPayload, "handshake sid");
  handshake.sid = std::string(sid->get_string());
  const auto* upgrades = object->if_contains("upgrades");
  if (upgrades == nullptr || !upgrades->is_array()) return Fail(DecodeError::kBadPayload, "handshake upgrades");
  for (const auto& name : upgrades->get_array()) {
    if (!name.is_string()) return Fail(DecodeError::kBadPayload, "handshake upgrades");
    handshake.upgrades.emplace_back(name.get_string());
  }
  const auto read_int = [&](std::string_view key, std::int64_t& out) {
    const auto* field = object->if_contains(key);
    if (field == nullptr || !field->is_int64()) return false;
    out = field->get_int64();
    return true;
  };
  if (!read_int("pingInterval", handshake.ping_interval_ms) ||
      !read_int("pingTimeout", handshake.ping_timeout_ms) || !read_int("maxPayload", handshake.max_payload)) {
    return Fail(DecodeError::kBadPayload, "handshake timings");
  }
  return handshake;
}

std::string EncodeTextPacket(const EioPacket& packet) {
  std::string out;
  out.reserve(1 + packet.data.size());
  out += static_cast<char>('0' + static_cast<int>(packet.type));
  out += packet.data;
  return out;
}

std::string EncodeWebSocketFrame(const EioPacket& packet) {
  // v4 dropped the type byte of binary frames (engine.io-parser 4.0.0 changelog).
  if (packet.binary) return packet.data;
  return EncodeTextPacket(packet);
}

std::string EncodePollingPacket(const EioPacket& packet) {
  if (packet.binary) return "b" + detail::Base64Encode(packet.data);
  return EncodeTextPacket(packet);
}

std::string EncodePollingPayload(std::span<const EioPacket> packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i != 0) out += kRecordSeparator;
    out += EncodePollingPacket(packets[i]);
  }
  return out;
}

Result<EioPacket> DecodeTextPacket(std::string_view text) {
  if (text.empty()) return Fail(DecodeError::kEmpty, "empty Engine.IO packet");
  const char type = text.front();
  if (type < '0' || type > '6') return Fail(DecodeError::kUnknownType, "unknown Engine.IO packet type");
  return EioPacket::Text(static_cast<EioPacketType>(type - '0'), std::string(text.substr(1)));
}

Result<EioPacket> DecodeWebSocketFrame(std::string_view frame, bool is_binary, const EioLimits& limits) {
  if (frame.size() > limits.max_payload) return Fail(DecodeError::kTooLarge, "WebSocket frame over maxPayload");
  if (is_binary) return EioPacket::Binary(std::string(frame));
  return DecodeTextPacket(frame);
}

Result<std::vector<EioPacket>> DecodePollingPayload(std::string_view body, const EioLimits& limits) {
  if (body.size() > limits.max_payload) return Fail(DecodeError::kTooLarge, "polling payload over maxPayload");
  if (body.empty()) return Fail(DecodeError::kEmpty, "empty polling payload");
  std::vector<EioPacket> packets;
  std::size_t start = 0;
  while (true) {
    if (packets.size() == limits.max_packets) {
      return Fail(DecodeError::kTooManyPackets, "too many packets in polling payload");
    }
    const std::size_t end = body.find(kRecordSeparator, start);
    const std::string_view part = body.substr(start, end == std::string_view::npos ? end : end - start);
    if (!part.empty() && part.front() == 'b') {
      auto bytes = detail::Base64Decode(part.substr(1));
      if (!bytes) return Fail(DecodeError::kBadBase64, "binary polling packet is not base64");
      packets.push_back(EioPacket::Binary(std::move(*bytes)));
    } else {
      auto packet = DecodeTextPacket(part);
      if (!packet) return packet.error();
      packets.push_back(std::move(*packet));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return packets;
}

}  // namespace lenslet::realtime::protocol

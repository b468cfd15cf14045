#include "realtime/redis/broadcast_codec.hpp"

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/json_numbers.hpp"
#include "realtime/protocol/detail/base64.hpp"

namespace lenslet::realtime::redis {
namespace json = boost::json;
using protocol::DecodeError;
using protocol::Fail;

namespace {

constexpr std::string_view kEmit = "emit";
constexpr std::string_view kDisconnect = "disconnect";

json::array ToJson(const std::vector<std::string>& strings) {
  json::array out;
  out.reserve(strings.size());
  for (const auto& s : strings) out.emplace_back(s);
  return out;
}

std::optional<std::vector<std::string>> Strings(const json::value* value) {
  if (value == nullptr || !value->is_array()) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(value->get_array().size());
  for (const auto& item : value->get_array()) {
    if (!item.is_string()) return std::nullopt;
    out.emplace_back(item.get_string());
  }
  return out;
}

const json::string* String(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr ? value->if_string() : nullptr;
}

// The browser's socket.io-parser fails a whole packet whose placeholder points
// past its attachments, so such a broadcast is refused here rather than sent
// on. (Recursion is bounded by the parser's max depth.)
bool PlaceholdersInRange(const json::value& value, std::size_t attachments) {
  if (const auto* array = value.if_array()) {
    for (const auto& item : *array) {
      if (!PlaceholdersInRange(item, attachments)) return false;
    }
    return true;
  }
  const auto* object = value.if_object();
  if (object == nullptr) return true;
  const auto* marker = object->if_contains("_placeholder");
  if (marker == nullptr || !marker->is_bool() || !marker->get_bool()) {
    for (const auto& entry : *object) {
      if (!PlaceholdersInRange(entry.value(), attachments)) return false;
    }
    return true;
  }
  const auto* num = object->if_contains("num");
  if (num == nullptr) return false;
  if (num->is_int64()) return num->get_int64() >= 0 && static_cast<std::uint64_t>(num->get_int64()) < attachments;
  if (num->is_uint64()) return num->get_uint64() < attachments;
  return false;
}

bool IsVersion(const json::value* value) {
  if (value == nullptr) return false;
  if (value->is_int64()) return value->get_int64() == kWireVersion;
  if (value->is_uint64()) return value->get_uint64() == static_cast<std::uint64_t>(kWireVersion);
  return false;
}

}  // namespace

std::string EncodeBroadcast(std::string_view origin, const Broadcast& broadcast) {
  json::array attachments;
  attachments.reserve(broadcast.args.attachments.size());
  for (const auto& bytes : broadcast.args.attachments) {
    attachments.emplace_back(protocol::detail::Base64Encode(bytes));
  }
  json::object message{
      {"v", kWireVersion},
      {"origin", origin},
      {"kind", broadcast.kind == Broadcast::Kind::kDisconnect ? kDisconnect : kEmit},
      {"nsp", broadcast.nsp},
      {"rooms", ToJson(broadcast.rooms)},
      {"except", ToJson(broadcast.except)},
      {"event", broadcast.event},
      {"args", broadcast.args.args},
      {"attachments", std::move(attachments)},
  };
  if (broadcast.published_at_us > 0) message["at"] = broadcast.published_at_us;
  return json::serialize(message);
}

protocol::Result<WireBroadcast> DecodeBroadcast(std::string_view text, const CodecLimits& limits) {
  if (text.size() > limits.max_bytes) return Fail(DecodeError::kTooLarge, "broadcast message too large");

  json::parse_options options;
  options.max_depth = limits.max_json_depth;
  boost::system::error_code ec;
  json::value root = json::parse(text, ec, json::storage_ptr(), options);
  if (ec) return Fail(DecodeError::kBadJson, "broadcast message is not JSON");
  const auto* object = root.if_object();
  if (object == nullptr) return Fail(DecodeError::kBadPayload, "broadcast message is not an object");
  if (!IsVersion(object->if_contains("v"))) return Fail(DecodeError::kBadPayload, "unknown broadcast version");

  WireBroadcast out;
  const auto* origin = String(*object, "origin");
  if (origin == nullptr || origin->empty()) return Fail(DecodeError::kBadPayload, "broadcast without an origin");
  out.origin = std::string(*origin);

  Broadcast& broadcast = out.broadcast;
  const auto* kind = String(*object, "kind");
  if (kind != nullptr && *kind == kEmit) {
    broadcast.kind = Broadcast::Kind::kEmit;
  } else if (kind != nullptr && *kind == kDisconnect) {
    broadcast.kind = Broadcast::Kind::kDisconnect;
  } else {
    return Fail(DecodeError::kBadPayload, "broadcast kind must be emit or disconnect");
  }

  const auto* nsp = String(*object, "nsp");
  if (nsp == nullptr || !nsp->starts_with("/")) return Fail(DecodeError::kBadPayload, "bad broadcast namespace");
  broadcast.nsp = std::string(*nsp);

  auto rooms = Strings(object->if_contains("rooms"));
  auto except = Strings(object->if_contains("except"));
  if (!rooms || !except) return Fail(DecodeError::kBadPayload, "broadcast rooms must be arrays of strings");
  broadcast.rooms = std::move(*rooms);
  broadcast.except = std::move(*except);

  // Optional: when it was published, for the delivery latency metric.
  if (const auto* at = object->if_contains("at"); at != nullptr && at->is_int64() && at->as_int64() > 0) {
    broadcast.published_at_us = at->as_int64();
  }

  const auto* event = String(*object, "event");
  if (event == nullptr) return Fail(DecodeError::kBadPayload, "broadcast event must be a string");
  if (broadcast.kind == Broadcast::Kind::kEmit && event->empty()) {
    return Fail(DecodeError::kBadPayload, "emit broadcast without an event name");
  }
  broadcast.event = std::string(*event);

  auto encoded = Strings(object->if_contains("attachments"));
  if (!encoded) return Fail(DecodeError::kBadPayload, "broadcast attachments must be an array of strings");
  if (encoded->size() > limits.max_attachments) {
    return Fail(DecodeError::kTooLarge, "too many attachments in a broadcast");
  }
  broadcast.args.attachments.reserve(encoded->size());
  for (const auto& text64 : *encoded) {
    auto bytes = protocol::detail::Base64Decode(text64);
    if (!bytes) return Fail(DecodeError::kBadBase64, "broadcast attachment is not base64");
    broadcast.args.attachments.push_back(std::move(*bytes));
  }

  auto* args = object->if_contains("args");
  if (args == nullptr || !args->is_array()) return Fail(DecodeError::kBadPayload, "broadcast args must be an array");
  if (!PlaceholdersInRange(*args, broadcast.args.attachments.size())) {
    return Fail(DecodeError::kBadPlaceholder, "broadcast placeholder without its attachment");
  }
  // Another instance never publishes one, but what this one relays must stay
  // JSON for every browser it reaches (core/json_numbers.hpp).
  if (!core::AllNumbersFinite(*args)) {
    return Fail(DecodeError::kBadJson, "broadcast args hold a number out of double's range");
  }
  broadcast.args.args = std::move(root.as_object()["args"].as_array());
  return out;
}

}  // namespace lenslet::realtime::redis

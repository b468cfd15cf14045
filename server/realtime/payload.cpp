#include "realtime/payload.hpp"

#include <cstdint>

#include "realtime/protocol/socketio.hpp"

namespace lenslet::realtime {

Payload& Payload::AddBinary(std::string bytes) {
  attachments.push_back(std::move(bytes));
  args.push_back(protocol::MakePlaceholder(attachments.size() - 1));
  return *this;
}

const std::string* Payload::Binary(const boost::json::value& value) const {
  // Same rule as the codec: a placeholder of this payload's attachments.
  const auto* object = value.if_object();
  if (object == nullptr) return nullptr;
  const auto* num = object->if_contains("num");
  const auto* marker = object->if_contains("_placeholder");
  if (num == nullptr || marker == nullptr || !marker->is_bool() || !marker->get_bool()) return nullptr;
  std::int64_t index = -1;
  if (num->is_int64()) index = num->get_int64();
  if (num->is_uint64() && num->get_uint64() < attachments.size()) index = static_cast<std::int64_t>(num->get_uint64());
  if (index < 0 || static_cast<std::size_t>(index) >= attachments.size()) return nullptr;
  return &attachments[static_cast<std::size_t>(index)];
}

}  // namespace lenslet::realtime

#include "realtime/detail/event_packet.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <utility>

namespace lenslet::realtime::detail {

protocol::SioPacket EventPacket(const std::string& nsp, std::string_view event, Payload args) {
  protocol::SioPacket packet{.type = protocol::SioPacketType::kEvent, .nsp = nsp};
  boost::json::array data;
  data.reserve(args.args.size() + 1);
  data.emplace_back(event);
  for (auto& arg : args.args) data.push_back(std::move(arg));
  packet.data = std::move(data);
  packet.attachments = std::move(args.attachments);
  return packet;
}

void LogHandlerFailure(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("socket.io handler failed: {}", e.what());
  } catch (...) {
    spdlog::error("socket.io handler failed");
  }
}

}  // namespace lenslet::realtime::detail

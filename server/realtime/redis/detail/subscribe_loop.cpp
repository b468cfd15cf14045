#include "realtime/redis/detail/subscribe_loop.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <utility>

#include "realtime/redis/broadcast_codec.hpp"
#include "realtime/redis/detail/log_throttle.hpp"

namespace lenslet::realtime::redis::detail {
namespace {

constexpr std::chrono::milliseconds kIoTimeout{2'000};

}  // namespace

SubscribeLoop::SubscribeLoop(RedisAddress address, std::string channel, std::string origin, Deliver deliver)
    : channel_(channel),
      origin_(std::move(origin)),
      deliver_(std::move(deliver)),
      subscriber_({.address = std::move(address),
                   .channel = std::move(channel),
                   .who = "redis subscriber",
                   .io_timeout = kIoTimeout},
                  {.on_subscribed = {}, .on_message = [this](std::string_view message) { Handle(message); }}) {}

void SubscribeLoop::Handle(std::string_view message) {
  auto decoded = DecodeBroadcast(message);
  if (!decoded) {
    // Another version of Lenslet, or something else on our channel. Logged
    // at the 1st, 2nd, 4th, 8th… occurrence: visible, never a flood.
    if (ShouldLogOccurrence(rejected_.fetch_add(1) + 1)) {
      spdlog::warn("redis subscriber: ignored a message on {} ({}; {} so far)", channel_, decoded.error().message,
                   rejected_.load());
    }
    return;
  }
  if (decoded->origin == origin_) return;  // delivered locally when published
  try {
    deliver_(decoded->broadcast);
    delivered_.fetch_add(1);
  } catch (const std::exception& e) {
    spdlog::error("redis subscriber: delivering a broadcast failed: {}", e.what());
  }
}

}  // namespace lenslet::realtime::redis::detail

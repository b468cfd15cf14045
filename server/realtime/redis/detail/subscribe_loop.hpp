#pragma once
// The receiving half of the Redis fan-out: the other instances' broadcasts,
// decoded from the channel and delivered to this one's sockets. Connecting,
// SUBSCRIBE and reconnecting while Redis is away are ChannelSubscriber's.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "realtime/redis/channel_subscriber.hpp"
#include "realtime/redis/redis_url.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime::redis::detail {

class SubscribeLoop {
 public:
  using Deliver = std::function<void(const Broadcast&)>;

  // `deliver` runs on the subscriber's thread (Server::DeliverLocal is
  // thread-safe and only queues); messages whose origin is `origin` are skipped.
  SubscribeLoop(RedisAddress address, std::string channel, std::string origin, Deliver deliver);
  SubscribeLoop(const SubscribeLoop&) = delete;
  SubscribeLoop& operator=(const SubscribeLoop&) = delete;

  // True while SUBSCRIBEd (tests wait for it; messages sent before are not seen).
  bool subscribed() const { return subscriber_.subscribed(); }
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t rejected() const { return rejected_.load(); }

 private:
  void Handle(std::string_view message);

  const std::string channel_;
  const std::string origin_;
  const Deliver deliver_;

  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> rejected_{0};

  // Last: destroyed first, which stops its thread (within ~100 ms, or the
  // connect timeout while a connect is under way) before the members above go.
  ChannelSubscriber subscriber_;
};

}  // namespace lenslet::realtime::redis::detail

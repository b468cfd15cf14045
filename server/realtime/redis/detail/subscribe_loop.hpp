#pragma once
// The receiving half of the Redis fan-out: one thread SUBSCRIBEd to the
// channel, delivering the other instances' broadcasts to this one's sockets,
// reconnecting as long as Redis is away.
#include <atomic>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "realtime/redis/redis_url.hpp"
#include "realtime/server.hpp"

struct redisReply;

namespace lenslet::realtime::redis::detail {

class RedisConnection;

class SubscribeLoop {
 public:
  using Deliver = std::function<void(const Broadcast&)>;

  // `deliver` runs on this loop's thread (Server::DeliverLocal is thread-safe
  // and only queues); messages whose origin is `origin` are skipped.
  SubscribeLoop(RedisAddress address, std::string channel, std::string origin, Deliver deliver);
  // Stops within ~100 ms, or the connect timeout while a connect is under way.
  ~SubscribeLoop();
  SubscribeLoop(const SubscribeLoop&) = delete;
  SubscribeLoop& operator=(const SubscribeLoop&) = delete;

  // True while SUBSCRIBEd (tests wait for it; messages sent before are not seen).
  bool subscribed() const { return subscribed_.load(); }
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t rejected() const { return rejected_.load(); }

 private:
  void Run(std::stop_token stop);
  bool Subscribe(RedisConnection& redis);
  // Reads until the connection fails or stop is requested.
  void Listen(RedisConnection& redis, std::stop_token stop);
  void Handle(const redisReply& reply);

  const RedisAddress address_;
  const std::string channel_;
  const std::string origin_;
  const Deliver deliver_;

  std::atomic<bool> subscribed_{false};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> rejected_{0};

  std::jthread thread_;  // last: joined before the members above go away
};

}  // namespace lenslet::realtime::redis::detail

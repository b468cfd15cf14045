#pragma once
// One thread SUBSCRIBEd to one Redis channel for as long as the object lives,
// handing each message on it to a callback. What lies between the messages is
// here once, for every subscriber of the server: connecting (bounded by a
// timeout), SUBSCRIBE, a PING when the channel has been quiet (a Redis behind
// a dead network path sends no FIN), and while Redis is away reconnecting with
// backoff and logging one warning per outage. Used by the broadcast fan-out
// (detail/subscribe_loop.hpp) and by api/live's RedisPresence mirror.
#include <atomic>
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

#include "realtime/redis/redis_url.hpp"

namespace lenslet::realtime::redis {

struct ChannelSubscriberOptions {
  RedisAddress address;
  std::string channel;
  // Names this connection in the log ("<who>: lost Redis at …").
  std::string who;
  // Bounds the connect and every blocking write: a Redis that hangs is given up on.
  std::chrono::milliseconds io_timeout{2'000};
};

// Both run on the subscriber's thread, one at a time, and should return
// quickly: while they run, nothing is read from Redis. Whatever has to happen
// elsewhere (a network thread, an io_context) they queue there themselves. An
// exception they throw is logged and the message dropped.
struct ChannelSubscriberHandlers {
  // Each time the SUBSCRIBE is (re)made, before that connection's first
  // message and before subscribed() turns true: whatever was published while
  // this was not subscribed is lost, and this is where to make up for it.
  // May be empty.
  std::function<void()> on_subscribed;
  // The payload of each message published on the channel.
  std::function<void(std::string_view payload)> on_message;
};

class ChannelSubscriber {
 public:
  // Starts the thread; an unreachable Redis is not an error, it keeps trying.
  ChannelSubscriber(ChannelSubscriberOptions options, ChannelSubscriberHandlers handlers);
  // Stops within ~100 ms, or the I/O timeout while a connect is under way.
  ~ChannelSubscriber();
  ChannelSubscriber(const ChannelSubscriber&) = delete;
  ChannelSubscriber& operator=(const ChannelSubscriber&) = delete;

  // True while SUBSCRIBEd (tests wait for it; messages sent before are not seen).
  bool subscribed() const { return subscribed_.load(); }

 private:
  void Run(std::stop_token stop);

  const ChannelSubscriberOptions options_;
  const ChannelSubscriberHandlers handlers_;
  std::atomic<bool> subscribed_{false};

  std::jthread thread_;  // last: joined before the members above go away
};

}  // namespace lenslet::realtime::redis

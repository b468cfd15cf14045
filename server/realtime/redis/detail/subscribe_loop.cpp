#include "realtime/redis/detail/subscribe_loop.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <string_view>

#include "realtime/redis/broadcast_codec.hpp"
#include "realtime/redis/detail/reconnect.hpp"
#include "realtime/redis/detail/redis_connection.hpp"

namespace lenslet::realtime::redis::detail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kIoTimeout{2'000};
// How often the loop looks at the stop request while the channel is quiet.
constexpr int kPollMs = 100;
// A quiet subscription is checked with PING: a Redis behind a dead network
// path sends no FIN, and without this the instance would wait forever,
// deaf to the others.
constexpr std::chrono::seconds kQuietBeforePing{15};
constexpr std::chrono::seconds kPingTimeout{10};

std::string_view Text(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_STRING && reply.type != REDIS_REPLY_STATUS) return {};
  return std::string_view(reply.str, reply.len);
}

bool IsPowerOfTwo(std::uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

SubscribeLoop::SubscribeLoop(RedisAddress address, std::string channel, std::string origin, Deliver deliver)
    : address_(std::move(address)),
      channel_(std::move(channel)),
      origin_(std::move(origin)),
      deliver_(std::move(deliver)),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

SubscribeLoop::~SubscribeLoop() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void SubscribeLoop::Run(std::stop_token stop) {
  BlockSigpipeInThisThread();
  RedisConnection redis;
  OutageLog log("redis subscriber", address_.ToString());
  Backoff backoff;
  while (!stop.stop_requested()) {
    if (!redis.Connect(address_, kIoTimeout) || !Subscribe(redis)) {
      log.Failed(redis.error());
      SleepFor(stop, backoff.Next());
      continue;
    }
    log.Connected();
    backoff.Reset();
    subscribed_.store(true);
    Listen(redis, stop);
    subscribed_.store(false);
    if (!stop.stop_requested()) log.Failed(redis.error());
  }
}

bool SubscribeLoop::Subscribe(RedisConnection& redis) {
  Reply reply = redis.Command({"SUBSCRIBE", channel_});
  if (!reply) return false;
  // ["subscribe", channel, count]
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3 || Text(*reply->element[0]) != "subscribe") {
    redis.Fail(reply->type == REDIS_REPLY_ERROR ? "SUBSCRIBE refused: " + std::string(Text(*reply))
                                                : "unexpected answer to SUBSCRIBE");
    return false;
  }
  return true;
}

void SubscribeLoop::Listen(RedisConnection& redis, std::stop_token stop) {
  auto last_heard = Clock::now();
  std::optional<Clock::time_point> ping_sent;
  while (!stop.stop_requested()) {
    pollfd fd{.fd = redis.fd(), .events = POLLIN, .revents = 0};
    const int ready = poll(&fd, 1, kPollMs);
    if (ready < 0) {
      if (errno == EINTR) continue;
      redis.Fail("poll failed");
      return;
    }
    const auto now = Clock::now();
    if (ready == 0) {
      if (!ping_sent && now - last_heard > kQuietBeforePing) {
        // In subscribed mode Redis answers ["pong", ""].
        if (!redis.Append({"PING"}) || !redis.Flush()) return;
        ping_sent = now;
      } else if (ping_sent && now - *ping_sent > kPingTimeout) {
        redis.Fail("no answer to PING");
        return;
      }
      continue;
    }
    if (!redis.ReadAvailable()) return;
    last_heard = now;
    ping_sent.reset();
    while (Reply reply = redis.NextBufferedReply()) Handle(*reply);
    if (redis.failed()) return;
  }
}

void SubscribeLoop::Handle(const redisReply& reply) {
  // ["message", channel, payload]; the rest (pong, subscribe) needs nothing.
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3 || Text(*reply.element[0]) != "message") return;
  auto decoded = DecodeBroadcast(Text(*reply.element[2]));
  if (!decoded) {
    // Another version of Lenslet, or something else on our channel. Logged
    // at the 1st, 2nd, 4th, 8th… occurrence: visible, never a flood.
    if (IsPowerOfTwo(rejected_.fetch_add(1) + 1)) {
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

#include "realtime/redis/channel_subscriber.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <exception>
#include <optional>

#include "realtime/redis/detail/reconnect.hpp"
#include "realtime/redis/detail/redis_connection.hpp"

namespace lenslet::realtime::redis {
namespace {

using Clock = std::chrono::steady_clock;
using detail::RedisConnection;
using detail::Reply;

// How often the thread looks at its stop request while the channel is quiet.
constexpr int kPollMs = 100;
// How long a quiet subscription goes before it is checked with PING, and how
// long the PING may take: without it, an instance whose Redis vanished behind
// a dead network path would wait forever, deaf to the others.
constexpr std::chrono::seconds kQuietBeforePing{15};
constexpr std::chrono::seconds kPingTimeout{10};

// Error replies included: their text says why SUBSCRIBE was refused.
std::string_view Text(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_STRING && reply.type != REDIS_REPLY_STATUS && reply.type != REDIS_REPLY_ERROR) {
    return {};
  }
  return std::string_view(reply.str, reply.len);
}

bool Subscribe(RedisConnection& redis, const std::string& channel) {
  Reply reply = redis.Command({"SUBSCRIBE", channel});
  if (!reply) return false;
  // ["subscribe", channel, count]
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3 || Text(*reply->element[0]) != "subscribe") {
    redis.Fail(reply->type == REDIS_REPLY_ERROR ? "SUBSCRIBE refused: " + std::string(Text(*reply))
                                                : "unexpected answer to SUBSCRIBE");
    return false;
  }
  return true;
}

// Reads until the connection fails or stop is requested, handing the payload
// of each ["message", channel, payload] to `on_message`; the other replies
// (the PING's ["pong", ""]) need nothing.
void Listen(RedisConnection& redis, std::stop_token stop, const std::function<void(std::string_view)>& on_message) {
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
    while (Reply reply = redis.NextBufferedReply()) {
      if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 && Text(*reply->element[0]) == "message") {
        on_message(Text(*reply->element[2]));
      }
    }
    if (redis.failed()) return;
  }
}

}  // namespace

ChannelSubscriber::ChannelSubscriber(ChannelSubscriberOptions options, ChannelSubscriberHandlers handlers)
    : options_(std::move(options)),
      handlers_(std::move(handlers)),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

ChannelSubscriber::~ChannelSubscriber() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void ChannelSubscriber::Run(std::stop_token stop) {
  detail::BlockSigpipeInThisThread();
  RedisConnection redis;
  detail::OutageLog log(options_.who, options_.address.ToString());
  detail::Backoff backoff;
  // A handler that throws would otherwise end the thread, and std::thread
  // ends the process: one bad message is not worth that.
  const auto guarded = [&](const char* what, const auto& handler) {
    try {
      handler();
    } catch (const std::exception& e) {
      spdlog::error("{}: {} on {} failed: {}", options_.who, what, options_.channel, e.what());
    }
  };
  const auto on_message = [&](std::string_view payload) {
    guarded("handling a message", [&] { handlers_.on_message(payload); });
  };
  while (!stop.stop_requested()) {
    if (!redis.Connect(options_.address, options_.io_timeout) || !Subscribe(redis, options_.channel)) {
      log.Failed(redis.error());
      detail::SleepFor(stop, backoff.Next());
      continue;
    }
    log.Connected();
    backoff.Reset();
    if (handlers_.on_subscribed) guarded("catching up after SUBSCRIBE", handlers_.on_subscribed);
    subscribed_.store(true);
    Listen(redis, stop, on_message);
    subscribed_.store(false);
    if (!stop.stop_requested()) log.Failed(redis.error());
  }
}

}  // namespace lenslet::realtime::redis

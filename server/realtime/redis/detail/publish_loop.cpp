#include "realtime/redis/detail/publish_loop.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include "core/metrics.hpp"
#include "realtime/redis/broadcast_codec.hpp"
#include "realtime/redis/detail/reconnect.hpp"
#include "realtime/redis/detail/redis_connection.hpp"

namespace lenslet::realtime::redis::detail {
namespace {

// Bounds a blocked write or an unanswered PUBLISH: a hung Redis is then
// treated like a lost one.
constexpr std::chrono::milliseconds kIoTimeout{2'000};
// PUBLISHes written before reading their replies: one round trip per batch
// instead of per message, yet a bounded amount to resend after a failure.
constexpr std::size_t kBatch = 256;

core::metrics::Gauge& Queued() {
  static auto& gauge = core::metrics::Registry::Global().GetGauge(
      "lenslet_redis_queued_broadcasts", "Broadcasts waiting to be published on Redis (they wait while it is away)");
  return gauge;
}

core::metrics::Counter& Dropped() {
  static auto& counter = core::metrics::Registry::Global().GetCounter(
      "lenslet_redis_dropped_broadcasts_total",
      "Broadcasts dropped because too many waited for Redis (other instances missed them)");
  return counter;
}

}  // namespace

PublishLoop::PublishLoop(RedisAddress address, std::string channel, std::string origin, std::size_t max_queued)
    : address_(std::move(address)),
      channel_(std::move(channel)),
      origin_(std::move(origin)),
      max_queued_(max_queued),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

PublishLoop::~PublishLoop() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

bool PublishLoop::Push(Broadcast broadcast) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queued_) {
      dropped_.fetch_add(1);
      Dropped().Inc();
      if (!overflow_logged_) {
        overflow_logged_ = true;
        spdlog::warn("redis publisher: {} broadcasts wait for Redis; dropping new ones (other instances miss them)",
                     queue_.size());
      }
      return false;
    }
    queue_.push_back(std::move(broadcast));
    Queued().Set(static_cast<double>(queue_.size()));
    if (queue_.size() < max_queued_ / 2) overflow_logged_ = false;
  }
  wake_.notify_one();
  return true;
}

void PublishLoop::TakeBatch() {
  std::vector<Broadcast> batch;
  {
    std::lock_guard lock(mutex_);
    const std::size_t n = std::min(kBatch, queue_.size());
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    Queued().Set(static_cast<double>(queue_.size()));
  }
  // Encoding here keeps the JSON and base64 work off the network threads.
  for (const auto& broadcast : batch) inflight_.push_back(EncodeBroadcast(origin_, broadcast));
}

bool PublishLoop::SendInflight(RedisConnection& redis) {
  for (const auto& message : inflight_) {
    if (!redis.Append({"PUBLISH", channel_, message})) return false;
  }
  for (std::size_t i = 0; i < inflight_.size(); ++i) {
    Reply reply = redis.GetReply();
    if (!reply) {
      // Those answered are done; only the rest goes again.
      inflight_.erase(inflight_.begin(), inflight_.begin() + static_cast<std::ptrdiff_t>(i));
      return false;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      // Redis refused this one message (say, a replica is read-only): sending
      // it again would fail again. Drop it, keep the connection.
      dropped_.fetch_add(1);
      spdlog::warn("redis publisher: PUBLISH refused: {}", std::string_view(reply->str, reply->len));
    } else {
      published_.fetch_add(1);
    }
  }
  inflight_.clear();
  return true;
}

void PublishLoop::Run(std::stop_token stop) {
  BlockSigpipeInThisThread();
  RedisConnection redis;
  OutageLog log("redis publisher", address_.ToString());
  Backoff backoff;

  const auto connect = [&]() -> bool {
    if (redis.connected()) return true;
    if (redis.Connect(address_, kIoTimeout)) {
      log.Connected();
      backoff.Reset();
      const std::uint64_t dropped = dropped_.load();
      if (dropped != dropped_at_last_report_) {
        spdlog::warn("redis publisher: {} broadcasts were dropped while Redis was away",
                     dropped - dropped_at_last_report_);
        dropped_at_last_report_ = dropped;
      }
      return true;
    }
    log.Failed(redis.error());
    return false;
  };

  while (!stop.stop_requested()) {
    if (inflight_.empty()) {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) break;  // stop requested
    }
    if (!connect()) {
      SleepFor(stop, backoff.Next());
      continue;
    }
    if (inflight_.empty()) TakeBatch();
    if (!SendInflight(redis)) log.Failed(redis.error());  // inflight_ kept: sent again after reconnecting
  }

  // Stopping: one last try for what is queued, only when Redis is there now
  // (a shutdown does not wait for an absent Redis).
  if (redis.connected()) {
    while (true) {
      if (inflight_.empty()) TakeBatch();
      if (inflight_.empty() || !SendInflight(redis)) break;
    }
  }
}

}  // namespace lenslet::realtime::redis::detail

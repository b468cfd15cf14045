#pragma once
// The publishing half of the Redis fan-out: a bounded queue that Publish()
// fills without waiting, and one thread that empties it into PUBLISH commands
// (pipelined), reconnecting as long as Redis is away.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "realtime/redis/redis_url.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime::redis::detail {

class RedisConnection;

class PublishLoop {
 public:
  PublishLoop(RedisAddress address, std::string channel, std::string origin, std::size_t max_queued);
  // Stops the thread; what is still queued is sent first when Redis is
  // connected at that moment (one try, bounded by the I/O timeout).
  ~PublishLoop();
  PublishLoop(const PublishLoop&) = delete;
  PublishLoop& operator=(const PublishLoop&) = delete;

  // Any thread; never waits for Redis. False when the queue is full (the
  // broadcast is dropped and counted; the first drop of an outage is logged).
  bool Push(Broadcast broadcast);

  std::uint64_t dropped() const { return dropped_.load(); }
  std::uint64_t published() const { return published_.load(); }

 private:
  void Run(std::stop_token stop);
  // Sends `inflight_`; true when Redis answered every PUBLISH (a failed
  // connection keeps them for the next one).
  bool SendInflight(RedisConnection& redis);
  // Moves a batch from the queue to inflight_, encoded.
  void TakeBatch();

  const RedisAddress address_;
  const std::string channel_;
  const std::string origin_;
  const std::size_t max_queued_;

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Broadcast> queue_;  // guarded by mutex_
  bool overflow_logged_ = false;  // guarded by mutex_; reset once the queue has room again

  // Publisher thread only: encoded messages sent but not yet acknowledged.
  // They are sent again after a reconnect: when Redis restarts, the PUBLISHes
  // written into the dying connection were never executed.
  std::vector<std::string> inflight_;

  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> published_{0};
  std::uint64_t dropped_at_last_report_ = 0;  // publisher thread only

  std::jthread thread_;  // last: joined before the members above go away
};

}  // namespace lenslet::realtime::redis::detail

#include "realtime/redis/presence/pipeline.hpp"

#include <algorithm>

namespace lenslet::realtime::redis {

std::size_t Pipeline(detail::RedisConnection& redis, std::size_t count, std::size_t depth,
                     const std::function<bool(std::size_t)>& send,
                     const std::function<void(std::size_t, const redisReply&)>& receive) {
  std::size_t answered = 0;
  while (answered < count && redis.connected()) {
    const std::size_t end = std::min(count, answered + depth);
    std::size_t sent = answered;
    while (sent < end && send(sent)) ++sent;
    for (; answered < sent; ++answered) {
      detail::Reply reply = redis.GetReply();
      if (!reply) return answered;  // the connection failed mid-pipeline
      receive(answered, *reply);
    }
  }
  return answered;
}

}  // namespace lenslet::realtime::redis

#pragma once
// The one way ClusterPresence sends many commands: pipelined, at most `depth`
// written before their replies are read, which bounds the buffers of a
// refresh of a large instance.
#include <hiredis/hiredis.h>

#include <cstddef>
#include <functional>

#include "realtime/redis/detail/redis_connection.hpp"

namespace lenslet::realtime::redis {

// Sends commands 0..count-1 on `redis`: send(i) appends command i (false when
// the connection failed), receive(i, reply) takes its reply, in order.
// Returns how many commands, from the first, were answered; the others were
// not (the connection failed), and what that means is the caller's to decide.
std::size_t Pipeline(detail::RedisConnection& redis, std::size_t count, std::size_t depth,
                     const std::function<bool(std::size_t)>& send,
                     const std::function<void(std::size_t, const redisReply&)>& receive);

}  // namespace lenslet::realtime::redis

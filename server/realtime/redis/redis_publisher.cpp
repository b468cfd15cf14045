#include "realtime/redis/redis_publisher.hpp"

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/detail/publish_loop.hpp"
#include "realtime/redis/detail/subscribe_loop.hpp"

namespace lenslet::realtime::redis {
RedisPublisher::RedisPublisher(DeliverFunction deliver, RedisOptions options)
    : deliver_(std::move(deliver)), origin_(realtime::detail::RandomId()) {
  const RedisAddress address = ParseRedisUrlOrThrow(options.url);
  publish_ = std::make_unique<detail::PublishLoop>(address, options.channel, origin_, options.max_queued);
  subscribe_ = std::make_unique<detail::SubscribeLoop>(address, options.channel, origin_, deliver_);
}

RedisPublisher::~RedisPublisher() {
  subscribe_.reset();
  publish_.reset();
}

void RedisPublisher::Publish(Broadcast broadcast) {
  deliver_(broadcast);
  publish_->Push(std::move(broadcast));
}

std::uint64_t RedisPublisher::dropped() const { return publish_->dropped(); }

bool RedisPublisher::subscribed() const { return subscribe_->subscribed(); }

std::shared_ptr<Publisher> MakeRedisPublisher(Server& server, RedisOptions options) {
  return MakeRedisPublisher([&server](const Broadcast& broadcast) { server.DeliverLocal(broadcast); },
                            std::move(options));
}

std::shared_ptr<RedisPublisher> MakeRedisPublisher(DeliverFunction deliver, RedisOptions options) {
  return std::make_shared<RedisPublisher>(std::move(deliver), std::move(options));
}

}  // namespace lenslet::realtime::redis

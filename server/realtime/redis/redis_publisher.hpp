#pragma once
// The Redis pub/sub fan-out (DESIGN.md "Many machines"): many Lenslet
// instances behind a load balancer act as one Socket.IO server.
//
//   auto publisher = realtime::redis::MakeRedisPublisher(io, {.url = config.realtime.redis_url});
//   io.SetPublisher(publisher);   // before serving, and before anyone keeps &io.publisher()
//   … serve, then stop serving …
//   io.SetPublisher(std::make_shared<realtime::InProcessPublisher>(io));
//   publisher.reset();            // joins the Redis threads while `io` is still whole
//
// The last step matters: the subscriber thread calls io.DeliverLocal, and if
// the Server held the last reference, the publisher would be destroyed inside
// ~Server after its namespaces (members are destroyed in reverse order).
//
// Every broadcast is delivered to this instance's sockets at once and
// published on the channel; each instance delivers what the others publish.
// Delivery across instances is at most once and only while both ends reach
// Redis (pub/sub keeps nothing): an instance that is cut off from Redis goes
// on serving its own sockets, and catches up on nothing when it is back.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "realtime/redis/redis_url.hpp"
#include "realtime/server.hpp"

namespace lenslet::realtime::redis {

namespace detail {
class PublishLoop;
class SubscribeLoop;
}  // namespace detail

struct RedisOptions {
  std::string url;                         // redis://host:port[/db]
  std::string channel = "lenslet:realtime";  // the app uses "<--cluster-name>:realtime"
  std::size_t max_queued = 100'000;        // publishes waiting for Redis; beyond: dropped + counted + warned
};

using DeliverFunction = std::function<void(const Broadcast&)>;

class RedisPublisher final : public Publisher {
 public:
  // Throws std::invalid_argument when options.url is not a redis:// URL. An
  // unreachable Redis is not an error: both threads keep trying.
  RedisPublisher(DeliverFunction deliver, RedisOptions options);
  // Stops both threads (within the 2 s I/O timeout at worst); queued
  // broadcasts are flushed first when Redis is connected.
  ~RedisPublisher() override;

  // Any thread, never blocks: delivers locally, then queues for Redis.
  void Publish(Broadcast broadcast) override;

  // This instance's id in the wire format's "origin".
  const std::string& origin() const { return origin_; }
  // Broadcasts other instances missed because the queue was full or Redis refused them.
  std::uint64_t dropped() const;
  // Whether the subscriber is SUBSCRIBEd right now.
  bool subscribed() const;

 private:
  const DeliverFunction deliver_;
  const std::string origin_;
  // The destructor stops the subscriber first: nothing arrives from Redis
  // while the publisher winds down.
  std::unique_ptr<detail::PublishLoop> publish_;
  std::unique_ptr<detail::SubscribeLoop> subscribe_;
};

// Delivers through server.DeliverLocal; `server` must outlive the publisher.
std::shared_ptr<Publisher> MakeRedisPublisher(Server& server, RedisOptions options);
// The same around any local delivery (the tests observe it directly).
std::shared_ptr<RedisPublisher> MakeRedisPublisher(DeliverFunction deliver, RedisOptions options);

}  // namespace lenslet::realtime::redis

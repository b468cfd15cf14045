// The Redis fan-out against a real redis-server: two realtime::Server
// instances on one channel, each with a RedisPublisher, observed by real
// Engine.IO/Socket.IO clients (PollingClient, through Server::HandleHttp).
//
// Needs LENSLET_TEST_REDIS_URL, and the redis-server binary for the restart
// cases, which run a Redis of their own so they can kill it (see
// testing/redis_fixture.hpp).
#include "realtime/redis/redis_publisher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/polling_client_testlib.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::realtime::redis {
namespace {
namespace net = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::PollingClient;
using testing::RedisProcess;
using testing::WaitUntil;

// ---- a real Lenslet realtime server, minus HTTP

ServerOptions TestOptions() {
  ServerOptions options;
  // No heartbeat during a test; and a short ping timeout, which is also how
  // long a closing polling session lingers for its last GET, so an Instance
  // drains quickly when it goes.
  options.ping_interval = 60s;
  options.ping_timeout = 500ms;
  return options;
}

// One instance: its own io_context thread, a realtime::Server whose "/"
// namespace puts each socket in the room named by its auth {"room": …}, and
// a RedisPublisher as the server's publisher.
class Instance {
 public:
  Instance(const std::string& url, const std::string& channel, std::size_t max_queued = 100'000)
      : work_(net::make_work_guard(io_)), server_(TestOptions()) {
    server_.Of("/").OnConnection([](Socket& socket, const json::value& auth) -> net::awaitable<ConnectResult> {
      if (const auto* object = auth.if_object()) {
        if (const auto* room = object->if_contains("room"); room != nullptr && room->is_string()) {
          socket.Join(std::string(room->get_string()));
        }
      }
      co_return ConnectResult::Accept();
    });
    auto publisher = MakeRedisPublisher(server_, {.url = url, .channel = channel, .max_queued = max_queued});
    redis_ = std::dynamic_pointer_cast<RedisPublisher>(publisher);
    server_.SetPublisher(publisher);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Instance() {
    // The app's order: stop serving, then the fan-out, while the server lives.
    server_.Stop();
    server_.SetPublisher(std::make_shared<InProcessPublisher>(server_));
    redis_.reset();
    // Let the closing sessions finish on the io_context (Stop cancelled their
    // timers and answered their polls), so nothing of the server is left in
    // it; only then may the server go.
    work_.reset();
    thread_.join();
  }

  Server& server() { return server_; }
  Publisher& publisher() { return server_.publisher(); }
  RedisPublisher& redis() { return *redis_; }
  std::unique_ptr<PollingClient> Connect(const std::string& room) {
    return std::make_unique<PollingClient>(server_, io_, json::object{{"room", room}});
  }

 private:
  // Before server_, so destroyed after it: the sessions' timers and channels
  // belong to the io_context's services.
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  Server server_;
  std::shared_ptr<RedisPublisher> redis_;
  std::thread thread_;
};

// Reconnects wait up to 5 s (+20 % jitter) between attempts.
constexpr auto kReconnect = 15s;

void WaitSubscribed(Instance& instance, std::chrono::milliseconds timeout = 5s) {
  ASSERT_TRUE(WaitUntil([&] { return instance.redis().subscribed(); }, timeout)) << "never SUBSCRIBEd";
}

std::string EventName(const protocol::SioPacket& packet) {
  return std::string(packet.data->as_array().at(0).as_string());
}

// The next event's name, "" when none came in time.
std::string NextEventName(PollingClient& client, std::chrono::milliseconds timeout = 5s) {
  const auto packet = client.NextEvent(timeout);
  return packet ? EventName(*packet) : std::string();
}

std::string UniqueChannel() { return "lenslet:test:" + realtime::detail::RandomId(); }

// ---- the tests

class RedisPublisherTest : public testing::RedisTest {
 protected:
  const std::string channel_ = UniqueChannel();
};

TEST_F(RedisPublisherTest, DeliversAcrossInstances) {
  Instance a(redis_url(), channel_);
  Instance b(redis_url(), channel_);
  WaitSubscribed(a);
  WaitSubscribed(b);
  auto follower = b.Connect("user:1");
  auto bystander = b.Connect("user:2");

  a.publisher().EmitToRoom("/", "user:1", "notification:new", Payload{}.Add(json::object{{"id", "17"}}));

  const auto packet = follower->NextEvent(5s);
  ASSERT_TRUE(packet) << "instance b's socket got nothing";
  EXPECT_EQ(*packet->data, json::parse(R"(["notification:new",{"id":"17"}])"));
  EXPECT_FALSE(bystander->NextEvent(300ms)) << "a socket outside the room got the event";
}

TEST_F(RedisPublisherTest, OwnBroadcastsAreDeliveredOnce) {
  Instance a(redis_url(), channel_);
  Instance b(redis_url(), channel_);
  WaitSubscribed(a);
  WaitSubscribed(b);
  auto on_a = a.Connect("room");
  auto on_b = b.Connect("room");

  a.server().Of("/").To("room").Emit("one");
  EXPECT_EQ(NextEventName(*on_a), "one");  // local, at once
  EXPECT_EQ(NextEventName(*on_b), "one");  // through Redis
  // Redis sends a channel's messages to every subscriber in PUBLISH order: if
  // a's own "one" came back to it, it would arrive before b's "marker".
  b.server().Of("/").To("room").Emit("marker");
  EXPECT_EQ(NextEventName(*on_a), "marker");
  EXPECT_EQ(NextEventName(*on_b), "marker");
  a.server().Of("/").To("room").Emit("end");
  EXPECT_EQ(NextEventName(*on_b), "end");
  EXPECT_EQ(NextEventName(*on_a), "end");
  EXPECT_FALSE(on_a->NextEvent(300ms));
  EXPECT_FALSE(on_b->NextEvent(300ms));
}

TEST_F(RedisPublisherTest, DisconnectReachesOtherInstances) {
  Instance a(redis_url(), channel_);
  Instance b(redis_url(), channel_);
  WaitSubscribed(a);
  WaitSubscribed(b);
  auto logged_out = b.Connect("session:7");
  auto other = b.Connect("session:8");

  a.publisher().DisconnectRoom("/", "session:7");

  EXPECT_TRUE(logged_out->WaitClosed(5s)) << "the socket of the ended login stayed open on instance b";
  a.publisher().EmitToRoom("/", "session:8", "still:here", {});
  EXPECT_EQ(NextEventName(*other), "still:here");
}

TEST_F(RedisPublisherTest, CarriesBinaryAttachments) {
  Instance a(redis_url(), channel_);
  Instance b(redis_url(), channel_);
  WaitSubscribed(a);
  WaitSubscribed(b);
  auto client = b.Connect("room");
  std::string bytes;
  for (int i = 0; i < 1024; ++i) bytes += static_cast<char>(i % 256);

  a.publisher().EmitToRoom("/", "room", "photo", Payload{}.Add("caption").AddBinary(bytes));

  const auto packet = client->NextEvent(5s);
  ASSERT_TRUE(packet);
  EXPECT_EQ(EventName(*packet), "photo");
  ASSERT_EQ(packet->attachments.size(), 1u);
  EXPECT_EQ(packet->attachments[0], bytes);
  EXPECT_EQ(packet->data->as_array().at(1), "caption");
  EXPECT_EQ(*protocol::ResolveAttachment(*packet, packet->data->as_array().at(2)), bytes);
}

TEST_F(RedisPublisherTest, ResumesAfterRedisRestarts) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  Instance a(redis.url(), channel_);
  Instance b(redis.url(), channel_);
  WaitSubscribed(a);
  WaitSubscribed(b);
  auto on_a = a.Connect("room");
  auto on_b = b.Connect("room");
  a.publisher().EmitToRoom("/", "room", "before", {});
  ASSERT_EQ(NextEventName(*on_b), "before");
  ASSERT_EQ(NextEventName(*on_a), "before");

  redis.Kill();
  ASSERT_TRUE(WaitUntil([&] { return !a.redis().subscribed() && !b.redis().subscribed(); }, 5s));
  // Redis is gone: each instance still serves its own sockets. The
  // publisher's connection still looks open; writing megabytes into it makes
  // the kernel answer with EPIPE, which must not raise a fatal SIGPIPE.
  for (int i = 0; i < 40; ++i) a.publisher().EmitToRoom("/", "nobody", "big", Payload{}.AddBinary(std::string(100'000, 'x')));
  a.publisher().EmitToRoom("/", "room", "during", {});
  EXPECT_EQ(NextEventName(*on_a, 1s), "during");

  ASSERT_NO_FATAL_FAILURE(redis.Start());
  WaitSubscribed(a, kReconnect);
  WaitSubscribed(b, kReconnect);
  // The publisher's connection comes back on its own schedule: publish until
  // one arrives. ("during" may come first: it waited in a's queue.)
  bool resumed = false;
  const auto deadline = std::chrono::steady_clock::now() + kReconnect;
  while (!resumed && std::chrono::steady_clock::now() < deadline) {
    a.publisher().EmitToRoom("/", "room", "after", {});
    const std::string name = NextEventName(*on_b, 500ms);
    resumed = name == "after" || name == "during";
  }
  ASSERT_TRUE(resumed) << "nothing crossed instances after Redis came back";
  // And it keeps working, both ways.
  b.publisher().EmitToRoom("/", "room", "final", {});
  std::string name;
  while ((name = NextEventName(*on_a)) == "after" || name == "during") {
  }
  EXPECT_EQ(name, "final");
}

TEST_F(RedisPublisherTest, StartsWithoutRedisAndConnectsLater) {
  RedisProcess redis;  // not started yet
  Instance a(redis.url(), channel_);
  Instance b(redis.url(), channel_);
  auto on_a = a.Connect("room");
  auto on_b = b.Connect("room");

  // No Redis: no crash, and local delivery goes on.
  a.publisher().EmitToRoom("/", "room", "local", {});
  EXPECT_EQ(NextEventName(*on_a, 1s), "local");
  EXPECT_FALSE(a.redis().subscribed());

  ASSERT_NO_FATAL_FAILURE(redis.Start());
  WaitSubscribed(a, kReconnect);
  WaitSubscribed(b, kReconnect);
  bool crossed = false;
  const auto deadline = std::chrono::steady_clock::now() + kReconnect;
  while (!crossed && std::chrono::steady_clock::now() < deadline) {
    a.publisher().EmitToRoom("/", "room", "hello", {});
    const std::string name = NextEventName(*on_b, 500ms);
    crossed = name == "hello" || name == "local";
  }
  EXPECT_TRUE(crossed) << "nothing crossed instances once Redis was up";
}

TEST_F(RedisPublisherTest, FullQueueDropsAndCounts) {
  // Nothing listens on this port: every publish waits in the queue.
  const std::string nowhere = "redis://127.0.0.1:" + std::to_string(testing::FreePort());
  std::atomic<int> local{0};
  auto publisher = MakeRedisPublisher([&](const Broadcast&) { ++local; }, {.url = nowhere, .max_queued = 3});
  for (int i = 0; i < 10; ++i) publisher->EmitToRoom("/", "room", "e", {});
  EXPECT_EQ(local.load(), 10);  // local delivery never waits for the queue
  EXPECT_EQ(publisher->dropped(), 7u);
}

TEST(RedisPublisher, RefusesABadUrl) {
  EXPECT_THROW(MakeRedisPublisher([](const Broadcast&) {}, {.url = "http://localhost:6379"}), std::invalid_argument);
}

}  // namespace
}  // namespace lenslet::realtime::redis

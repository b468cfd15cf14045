// The Redis fan-out against a real redis-server: two realtime::Server
// instances on one channel, each with a RedisPublisher, observed by real
// Engine.IO/Socket.IO clients (PollingClient, through Server::HandleHttp).
//
// Needs LENSLET_TEST_REDIS_URL (scripts/test.sh sets it; by hand:
//   export LENSLET_TEST_REDIS_URL="$(scripts/redis-test-server.sh start /tmp/lenslet-redis)")
// and the redis-server binary for the restart cases, which run a Redis of
// their own so they can kill it. Without the URL these tests fail, unless
// LENSLET_ALLOW_NO_REDIS=1 says skipping is intended.
#include "realtime/redis/redis_publisher.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/polling_client_testlib.hpp"

namespace lenslet::realtime::redis {
namespace {
namespace net = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::PollingClient;

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

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

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

// ---- a redis-server of the test's own, for the cases that kill it

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

class RedisProcess {
 public:
  explicit RedisProcess(int port) : port_(port) {}
  ~RedisProcess() { Kill(); }

  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void Start() {
    const char* binary = std::getenv("LENSLET_REDIS_SERVER");
    const std::string program = binary != nullptr ? binary : "redis-server";
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {program,  "--port",       port, "--bind",     "127.0.0.1", "--save", "",
                                     "--appendonly", "no", "--dir", "/tmp", "--loglevel", "warning"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = fork();
    ASSERT_GE(pid_, 0) << "fork failed";
    if (pid_ == 0) {
      // Dies with the test even when the test cannot clean up (a crash, an
      // ASan abort), instead of holding the port and the test's output pipe.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    ASSERT_TRUE(WaitUntil([&] { return Accepts(port_); }, 5s)) << program << " did not listen on " << port_;
  }

  // SIGKILL: Redis gets no chance to say goodbye, as in a crash.
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  const int port_;
  pid_t pid_ = -1;
};

// ---- the tests

class RedisPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("LENSLET_TEST_REDIS_URL");
    if (url == nullptr || *url == '\0') {
      const char* allow = std::getenv("LENSLET_ALLOW_NO_REDIS");
      if (allow != nullptr && std::string(allow) == "1") GTEST_SKIP() << "LENSLET_ALLOW_NO_REDIS=1: no Redis, skipped";
      FAIL() << "LENSLET_TEST_REDIS_URL is not set. Start a Redis for the tests with\n"
                "  export LENSLET_TEST_REDIS_URL=\"$(scripts/redis-test-server.sh start /tmp/lenslet-redis)\"\n"
                "or set LENSLET_ALLOW_NO_REDIS=1 to skip these tests on purpose.";
    }
    url_ = url;
  }

  std::string url_;
  const std::string channel_ = UniqueChannel();
};

TEST_F(RedisPublisherTest, DeliversAcrossInstances) {
  Instance a(url_, channel_);
  Instance b(url_, channel_);
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
  Instance a(url_, channel_);
  Instance b(url_, channel_);
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
  Instance a(url_, channel_);
  Instance b(url_, channel_);
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
  Instance a(url_, channel_);
  Instance b(url_, channel_);
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
  const int port = FreePort();
  RedisProcess redis(port);
  redis.Start();
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

  redis.Start();
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
  const int port = FreePort();
  RedisProcess redis(port);  // not started yet
  Instance a(redis.url(), channel_);
  Instance b(redis.url(), channel_);
  auto on_a = a.Connect("room");
  auto on_b = b.Connect("room");

  // No Redis: no crash, and local delivery goes on.
  a.publisher().EmitToRoom("/", "room", "local", {});
  EXPECT_EQ(NextEventName(*on_a, 1s), "local");
  EXPECT_FALSE(a.redis().subscribed());

  redis.Start();
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
  const std::string nowhere = "redis://127.0.0.1:" + std::to_string(FreePort());
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

// The command client of request paths against a real redis-server: replies
// reach their coroutines, queued commands share one round trip, a command
// gets its answer or an error by its deadline, and a lost Redis is answered
// at once and reconnected in the background (scripts loaded again).
//
// Needs LENSLET_TEST_REDIS_URL and the redis-server binary (the cases that
// pause, flush or kill run a Redis of their own; testing/redis_fixture.hpp).
#include "realtime/redis/command_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <algorithm>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "realtime/redis/detail/redis_connection.hpp"
#include "realtime/redis/redis_url.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::realtime::redis {
namespace {
namespace net = boost::asio;
using namespace std::chrono_literals;
using testing::RedisProcess;
using testing::WaitUntil;

std::string UniqueKey(std::string_view what) {
  std::random_device random;
  return "lenslet:test:command-client:" + std::string(what) + ":" + std::to_string(random()) + std::to_string(random());
}

// Runs `work` on a fresh io_context with two threads (as a server's network
// threads) and returns its result.
template <typename T>
T RunOn2Threads(net::awaitable<T> work) {
  net::io_context io;
  auto future = net::co_spawn(io, std::move(work), net::use_future);
  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  return future.get();
}

CommandResult RunOnce(CommandClient& client, std::vector<std::string> args) {
  return RunOn2Threads(client.Run(std::move(args)));
}

// A side connection, for what the client itself must not be asked to do.
detail::Reply Side(const std::string& url, std::initializer_list<std::string_view> args) {
  detail::RedisConnection connection;
  EXPECT_TRUE(connection.Connect(ParseRedisUrlOrThrow(url), 2s)) << connection.error();
  return connection.Command(args);
}

class CommandClientTest : public testing::RedisTest {};

TEST_F(CommandClientTest, AnswersEachCoroutineWithItsOwnReply) {
  CommandClient client({.url = redis_url()});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  const auto key = UniqueKey("set");
  EXPECT_TRUE(RunOnce(client, {"SET", key, "hello", "PX", "60000"}).ok());
  const auto got = RunOnce(client, {"GET", key});
  ASSERT_EQ(got.status, CommandStatus::kOk);
  EXPECT_EQ(got.value.kind, RedisValue::Kind::kString);
  EXPECT_EQ(got.value.text, "hello");
  const auto missing = RunOnce(client, {"GET", key + ":none"});
  EXPECT_EQ(missing.value.kind, RedisValue::Kind::kNil);
  const auto wrong = RunOnce(client, {"INCR", key});  // not an integer: an error reply, still answered
  EXPECT_EQ(wrong.status, CommandStatus::kOk);
  EXPECT_EQ(wrong.value.kind, RedisValue::Kind::kError);
  EXPECT_FALSE(wrong.ok());
}

TEST_F(CommandClientTest, QueuedCommandsShareOneRoundTrip) {
  RedisProcess redis;  // of its own: it is paused below
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .deadline = 10s});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  const auto key = UniqueKey("incr");
  constexpr int kCommands = 300;
  // While Redis holds every client for 300 ms, the first command waits in it
  // and the others queue behind: they go out together afterwards.
  ASSERT_TRUE(Side(redis.url(), {"CLIENT", "PAUSE", "300", "ALL"}));
  net::io_context io;
  std::vector<std::future<CommandResult>> results;
  for (int i = 0; i < kCommands; ++i) {
    results.push_back(net::co_spawn(io, client.Run({"INCR", key}), net::use_future));
  }
  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  std::vector<long long> seen;
  for (auto& result : results) {
    const auto r = result.get();
    ASSERT_TRUE(r.ok());
    seen.push_back(r.value.integer);
  }
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < kCommands; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i + 1);
  EXPECT_EQ(client.answered(), static_cast<std::uint64_t>(kCommands));
  EXPECT_LE(client.round_trips(), 10u) << "commands queued together were not pipelined";
}

TEST_F(CommandClientTest, AnUnansweredCommandTimesOutAtItsDeadline) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .deadline = 200ms, .io_timeout = 5s});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  // Redis holds the command for 3 s: only the deadline can end the wait.
  ASSERT_TRUE(Side(redis.url(), {"CLIENT", "PAUSE", "3000", "ALL"}));
  const auto result = RunOnce(client, {"PING"});
  EXPECT_EQ(result.status, CommandStatus::kTimedOut);
  // Once Redis answers again, so does the client.
  EXPECT_TRUE(WaitUntil([&] { return RunOnce(client, {"PING"}).ok(); }, 10s));
}

TEST_F(CommandClientTest, WithoutRedisAnswersUnavailableAtOnce) {
  const int port = testing::FreePort();
  ASSERT_GT(port, 0);
  CommandClient client({.url = "redis://127.0.0.1:" + std::to_string(port), .deadline = 60s});
  EXPECT_FALSE(client.connected());
  // A 60 s deadline: only "unavailable at once" makes this return.
  EXPECT_EQ(RunOnce(client, {"PING"}).status, CommandStatus::kUnavailable);
}

TEST_F(CommandClientTest, ReconnectsAfterRedisRestartsAndLoadsItsScriptsAgain) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .scripts = {"return tonumber(ARGV[1]) + 1"}});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  const auto script = [&] { return RunOn2Threads(client.RunScript(0, {}, {"41"})); };
  auto first = script();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value.integer, 42);

  redis.Kill();
  // Noticed at the latest by the next command; answered as unavailable, never hung.
  const auto during = RunOnce(client, {"PING"});
  EXPECT_NE(during.status, CommandStatus::kOk);
  EXPECT_TRUE(WaitUntil([&] { return !client.connected(); }, 5s));

  ASSERT_NO_FATAL_FAILURE(redis.Start());  // empty: no scripts
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 10s));
  const auto again = script();
  ASSERT_TRUE(again.ok()) << again.value.text;
  EXPECT_EQ(again.value.integer, 42);
}

TEST_F(CommandClientTest, AFlushedScriptIsLoadedAgain) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  CommandClient client({.url = redis.url(), .scripts = {"return 7"}});
  ASSERT_TRUE(WaitUntil([&] { return client.connected(); }, 5s));
  ASSERT_TRUE(RunOn2Threads(client.RunScript(0, {}, {})).ok());
  ASSERT_TRUE(Side(redis.url(), {"SCRIPT", "FLUSH"}));
  // The first call after the flush may see NOSCRIPT; the client then
  // reconnects and loads its scripts again.
  EXPECT_TRUE(WaitUntil([&] { return RunOn2Threads(client.RunScript(0, {}, {})).ok(); }, 10s));
}

}  // namespace
}  // namespace lenslet::realtime::redis

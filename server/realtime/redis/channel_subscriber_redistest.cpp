// ChannelSubscriber against a real redis-server: what both of its users (the
// broadcast fan-out and api/live's presence mirror) count on.
#include "realtime/redis/channel_subscriber.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "realtime/detail/random_id.hpp"
#include "realtime/redis/detail/redis_connection.hpp"
#include "realtime/redis/testing/redis_fixture.hpp"

namespace lenslet::realtime::redis {
namespace {

using namespace std::chrono_literals;
using testing::RedisProcess;
using testing::WaitUntil;

// What the handlers saw, from the subscriber's thread.
class Heard {
 public:
  ChannelSubscriberHandlers Handlers() {
    return {.on_subscribed =
                [this] {
                  std::lock_guard lock(mutex_);
                  ++subscriptions_;
                },
            .on_message =
                [this](std::string_view payload) {
                  if (payload == "throw") throw std::runtime_error("a handler that fails");
                  std::lock_guard lock(mutex_);
                  messages_.emplace_back(payload);
                }};
  }
  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  int subscriptions() const {
    std::lock_guard lock(mutex_);
    return subscriptions_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  int subscriptions_ = 0;
};

class ChannelSubscriberTest : public testing::RedisTest {
 protected:
  ChannelSubscriberOptions Options(const std::string& url) const {
    return {.address = *ParseRedisUrl(url), .channel = channel_, .who = "test subscriber", .io_timeout = 1s};
  }

  // PUBLISH on a connection of the test's own; true once Redis took it.
  bool Publish(const std::string& url, std::string_view payload) {
    if (!publisher_.connected() && !publisher_.Connect(*ParseRedisUrl(url), 1s)) return false;
    return static_cast<bool>(publisher_.Command({"PUBLISH", channel_, payload}));
  }

  const std::string channel_ = "lenslet:test:" + realtime::detail::RandomId();
  detail::RedisConnection publisher_;
};

TEST_F(ChannelSubscriberTest, HandsOverEachPayloadInOrderAndSurvivesAHandlerThatThrows) {
  Heard heard;
  ChannelSubscriber subscriber(Options(redis_url()), heard.Handlers());
  ASSERT_TRUE(WaitUntil([&] { return subscriber.subscribed(); }, 5s)) << "never SUBSCRIBEd";
  EXPECT_EQ(heard.subscriptions(), 1) << "on_subscribed runs before subscribed() says true";

  ASSERT_TRUE(Publish(redis_url(), "one")) << publisher_.error();
  ASSERT_TRUE(Publish(redis_url(), "throw"));
  ASSERT_TRUE(Publish(redis_url(), std::string("binary\0safe", 11)));
  EXPECT_TRUE(WaitUntil([&] { return heard.messages().size() == 2; }, 5s));
  EXPECT_EQ(heard.messages(), (std::vector<std::string>{"one", std::string("binary\0safe", 11)}));
  EXPECT_TRUE(subscriber.subscribed()) << "the failed handler cost the subscription";
}

// Redis dies and comes back: subscribed() follows it, on_subscribed runs again
// (its users make up there for what was published meanwhile), and messages
// flow again without anyone asking.
TEST_F(ChannelSubscriberTest, ResubscribesAfterRedisRestartsAndSaysSo) {
  RedisProcess redis;
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  Heard heard;
  ChannelSubscriber subscriber(Options(redis.url()), heard.Handlers());
  ASSERT_TRUE(WaitUntil([&] { return subscriber.subscribed(); }, 5s));

  redis.Kill();
  publisher_.Close();
  EXPECT_TRUE(WaitUntil([&] { return !subscriber.subscribed(); }, 5s)) << "did not notice Redis went";
  ASSERT_NO_FATAL_FAILURE(redis.Start());
  // Reconnects wait up to 5 s (+20 % jitter) between attempts.
  ASSERT_TRUE(WaitUntil([&] { return subscriber.subscribed(); }, 15s)) << "never SUBSCRIBEd again";
  EXPECT_EQ(heard.subscriptions(), 2);
  ASSERT_TRUE(Publish(redis.url(), "after")) << publisher_.error();
  EXPECT_TRUE(WaitUntil([&] { return heard.messages() == std::vector<std::string>{"after"}; }, 5s));
}

// No Redis at all: constructing and destroying never wait for it.
TEST_F(ChannelSubscriberTest, WithoutRedisStopsPromptly) {
  Heard heard;
  const auto nowhere = "redis://127.0.0.1:" + std::to_string(testing::FreePort());
  const auto before = std::chrono::steady_clock::now();
  {
    ChannelSubscriber subscriber(Options(nowhere), heard.Handlers());
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(subscriber.subscribed());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  EXPECT_EQ(heard.subscriptions(), 0);
}

}  // namespace
}  // namespace lenslet::realtime::redis

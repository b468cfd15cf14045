// The adapter's part of RedisPresence, without a Redis: it never asks its
// caller to announce (the cluster does, once for all instances), and a
// missing Redis leaves presence local rather than blocking. The cluster
// itself is tested in realtime/redis/presence/.
#include "api/live/redis_presence.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lenslet::api::live {
namespace {

using namespace std::chrono_literals;
using core::UserId;

TEST(RedisPresenceTest, NeverAsksTheCallerToAnnounceAndAnnouncesItself) {
  std::mutex mutex;
  std::vector<std::pair<UserId, bool>> seen;
  // Nobody listens on port 1: the cluster decides locally, as one process would.
  RedisPresence presence({.url = "redis://127.0.0.1:1", .io_timeout = 1s}, [&](UserId user, bool online) {
    std::lock_guard lock(mutex);
    seen.emplace_back(user, online);
  });
  const UserId gina(61);
  EXPECT_FALSE(presence.Connected(gina));
  EXPECT_TRUE(presence.IsOnline(gina));
  EXPECT_EQ(presence.AreOnline({UserId(62), gina}), (std::vector<bool>{false, true}));
  ASSERT_TRUE(presence.WaitIdle(10s));
  EXPECT_FALSE(presence.Disconnected(gina));
  ASSERT_TRUE(presence.WaitIdle(10s));
  EXPECT_FALSE(presence.IsOnline(gina));
  std::lock_guard lock(mutex);
  EXPECT_EQ(seen, (std::vector<std::pair<UserId, bool>>{{gina, true}, {gina, false}}));
}

TEST(RedisPresenceTest, ABadUrlIsRefusedWithoutEchoingIt) {
  try {
    RedisPresence bad({.url = "http://user:secret@host"}, [](UserId, bool) {});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace lenslet::api::live

// InMemoryPresence: devices counted per user in one process.
#include "api/live/presence.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace lenslet::api::live {
namespace {

using core::UserId;

TEST(InMemoryPresenceTest, CountsDevicesPerUser) {
  InMemoryPresence presence;
  const UserId user(7);
  EXPECT_TRUE(presence.Connected(user));
  EXPECT_FALSE(presence.Connected(user));
  EXPECT_EQ(presence.AreOnline({user, UserId(8)}), (std::vector<bool>{true, false}));
  EXPECT_FALSE(presence.Disconnected(user));
  EXPECT_TRUE(presence.Disconnected(user));
  EXPECT_FALSE(presence.Disconnected(user)) << "a disconnect never seen connected";
  EXPECT_FALSE(presence.IsOnline(user));
}

}  // namespace
}  // namespace lenslet::api::live

#include "realtime/local_devices.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace lenslet::realtime {
namespace {

using core::UserId;

TEST(LocalDevices, CountsDevicesPerUser) {
  LocalDevices devices;
  const UserId user(7);
  EXPECT_TRUE(devices.Connected(user)) << "the first device";
  EXPECT_FALSE(devices.Connected(user));
  EXPECT_EQ(devices.Have({user, UserId(8)}), (std::vector<bool>{true, false}));
  EXPECT_EQ(devices.Users(), std::vector<UserId>{user});
  EXPECT_FALSE(devices.Disconnected(user));
  EXPECT_TRUE(devices.Disconnected(user)) << "the last device";
  EXPECT_FALSE(devices.Disconnected(user)) << "a disconnect never seen connected";
  EXPECT_FALSE(devices.Has(user));
  EXPECT_TRUE(devices.Users().empty());
}

}  // namespace
}  // namespace lenslet::realtime

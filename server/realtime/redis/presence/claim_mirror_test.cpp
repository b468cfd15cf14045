#include "realtime/redis/presence/claim_mirror.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace lenslet::realtime::redis {
namespace {

using namespace std::chrono_literals;
using core::UserId;

// A mirror on a clock the test moves.
class ClaimMirrorTest : public ::testing::Test {
 protected:
  std::vector<bool> Online(const std::vector<UserId>& users) const {
    std::vector<bool> online(users.size(), false);
    mirror_.MarkOnline(users, online);
    return online;
  }

  ClaimMirror::Clock::time_point now_{};
  ClaimMirror mirror_{[this] { return now_; }};
};

TEST_F(ClaimMirrorTest, AClaimHoldsForItsTtlAndNoLonger) {
  const UserId alice(1);
  mirror_.Remember("a", 10s, {alice});
  now_ += 9'999ms;
  EXPECT_EQ(Online({alice, UserId(2)}), (std::vector<bool>{true, false}));
  now_ += 1ms;
  EXPECT_EQ(Online({alice}), std::vector<bool>{false});
}

TEST_F(ClaimMirrorTest, AHeartbeatRenewsAndLeavesOnlyRemoveThatInstance) {
  const UserId bob(3);
  mirror_.Remember("a", 10s, {bob});
  mirror_.Remember("b", 10s, {bob});
  now_ += 8s;
  mirror_.Remember("a", 10s, {bob});
  now_ += 5s;  // b's claim lapsed, a's renewed one holds
  EXPECT_EQ(Online({bob}), std::vector<bool>{true});
  mirror_.Forget(bob, "b");
  EXPECT_EQ(Online({bob}), std::vector<bool>{true}) << "b's leave must not end a's claim";
  mirror_.Forget(bob, "a");
  EXPECT_EQ(Online({bob}), std::vector<bool>{false});
}

TEST_F(ClaimMirrorTest, MarkOnlineKeepsWhatTheCallerAlreadyKnows) {
  std::vector<bool> online{true, false};
  mirror_.MarkOnline({UserId(5), UserId(6)}, online);
  EXPECT_EQ(online, (std::vector<bool>{true, false}));
}

TEST_F(ClaimMirrorTest, ShortenToCapsEveryClaim) {
  const UserId carol(7);
  const UserId dave(8);
  mirror_.Remember("a", 30s, {carol});
  mirror_.Remember("a", 1s, {dave});
  mirror_.ShortenTo(2s);
  now_ += 1'500ms;
  EXPECT_EQ(Online({carol, dave}), (std::vector<bool>{true, false})) << "a shorter claim is not lengthened";
  now_ += 500ms;
  EXPECT_EQ(Online({carol}), std::vector<bool>{false});
}

TEST_F(ClaimMirrorTest, SweepReturnsUsersLeftWithNoClaim) {
  const UserId erin(9);
  const UserId frank(10);
  mirror_.Remember("a", 5s, {erin, frank});
  mirror_.Remember("b", 20s, {frank});
  EXPECT_TRUE(mirror_.Sweep().empty());
  now_ += 5s;
  EXPECT_EQ(mirror_.Sweep(), std::vector<UserId>{erin}) << "frank is still claimed by b";
  EXPECT_TRUE(mirror_.Sweep().empty()) << "a lapsed user is returned once";
  now_ += 15s;
  EXPECT_EQ(mirror_.Sweep(), std::vector<UserId>{frank});
  EXPECT_EQ(Online({erin, frank}), (std::vector<bool>{false, false}));
}

TEST_F(ClaimMirrorTest, AForgottenUserIsNotSweptAsLapsed) {
  const UserId gina(11);
  mirror_.Remember("a", 5s, {gina});
  mirror_.Forget(gina, "a");
  now_ += 10s;
  EXPECT_TRUE(mirror_.Sweep().empty()) << "a leave was announced already; nothing to reap";
}

}  // namespace
}  // namespace lenslet::realtime::redis

#include "realtime/redis/presence/presence_message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lenslet::realtime::redis {
namespace {

using namespace std::chrono_literals;
using core::UserId;
using Kind = PresenceMessage::Kind;

TEST(PresenceMessage, DecodesWhatTheScriptsPublish) {
  const auto joined = DecodePresenceMessage("+ inst-a 30000 11");
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->kind, Kind::kJoined);
  EXPECT_EQ(joined->instance, "inst-a");
  EXPECT_EQ(joined->ttl, 30'000ms);
  EXPECT_EQ(joined->users, std::vector<UserId>{UserId(11)});

  const auto left = DecodePresenceMessage("- inst-a 11");
  ASSERT_TRUE(left);
  EXPECT_EQ(left->kind, Kind::kLeft);
  EXPECT_EQ(left->instance, "inst-a");
  EXPECT_EQ(left->users, std::vector<UserId>{UserId(11)});
}

TEST(PresenceMessage, HeartbeatsRoundTripInBoundedMessages) {
  const std::vector<UserId> users{UserId(1), UserId(2), UserId(3), UserId(4), UserId(5)};
  const auto messages = EncodeHeartbeats("inst-b", 1'500ms, users, 2);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0], "h inst-b 1500 1 2");
  EXPECT_EQ(messages[2], "h inst-b 1500 5");
  std::vector<UserId> heard;
  for (const auto& message : messages) {
    const auto decoded = DecodePresenceMessage(message);
    ASSERT_TRUE(decoded) << message;
    EXPECT_EQ(decoded->kind, Kind::kHeartbeat);
    EXPECT_EQ(decoded->instance, "inst-b");
    EXPECT_EQ(decoded->ttl, 1'500ms);
    heard.insert(heard.end(), decoded->users.begin(), decoded->users.end());
  }
  EXPECT_EQ(heard, users);
  EXPECT_TRUE(EncodeHeartbeats("inst-b", 1'500ms, {}, 2).empty()) << "nobody here: nothing to say";
}

TEST(PresenceMessage, AskRoundTrips) {
  const auto ask = DecodePresenceMessage(EncodeAsk("inst-c"));
  ASSERT_TRUE(ask);
  EXPECT_EQ(ask->kind, Kind::kAsk);
  EXPECT_EQ(ask->instance, "inst-c");
}

TEST(PresenceMessage, AHeartbeatKeepsTheUsersThatParse) {
  const auto decoded = DecodePresenceMessage("h inst-a 1000 7 x -3 8");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->users, (std::vector<UserId>{UserId(7), UserId(8)}));
}

TEST(PresenceMessage, RefusesWhatItCannotRead) {
  for (const char* message :
       {"", "?", "+", "x inst 1000 7", "+ inst 1000", "+ inst 0 7", "+ inst -5 7", "h inst 10s 7", "- inst",
        "- inst seven", "- inst 7 8", "h inst 99999999999999999999 7"}) {
    EXPECT_FALSE(DecodePresenceMessage(message)) << '"' << message << '"';
  }
}

}  // namespace
}  // namespace lenslet::realtime::redis

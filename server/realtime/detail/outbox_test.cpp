#include "realtime/detail/outbox.hpp"

#include <gtest/gtest.h>

namespace lenslet::realtime::detail {
namespace {

using protocol::EioPacket;
using protocol::EioPacketType;

EioPacket Message(std::string text) { return EioPacket::Text(EioPacketType::kMessage, std::move(text)); }

TEST(OutboxTest, KeepsOrderAndEmptiesOnTake) {
  Outbox outbox(10, 1000);
  ASSERT_TRUE(outbox.Push({Message("a"), Message("b")}));
  ASSERT_TRUE(outbox.Push({EioPacket::Binary("\x01")}));
  EXPECT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox.bytes(), 6u);
  const auto taken = outbox.TakeAll();
  ASSERT_EQ(taken.size(), 3u);
  EXPECT_EQ(taken[0], Message("a"));
  EXPECT_EQ(taken[2], EioPacket::Binary("\x01"));
  EXPECT_TRUE(outbox.empty());
  EXPECT_EQ(outbox.bytes(), 0u);
}

TEST(OutboxTest, RefusesWholePacketsPastThePacketBound) {
  Outbox outbox(3, 1000);
  ASSERT_TRUE(outbox.Push({Message("a"), Message("b")}));
  // A text packet and its attachment must not be split: nothing is queued.
  EXPECT_FALSE(outbox.Push({Message("c"), EioPacket::Binary("d")}));
  EXPECT_EQ(outbox.size(), 2u);
  EXPECT_TRUE(outbox.Push({Message("c")}));
}

TEST(OutboxTest, RefusesPastTheByteBoundCountingATypeBytePerPacket) {
  Outbox outbox(100, 10);
  ASSERT_TRUE(outbox.Push({Message("1234")}));  // 5 bytes
  EXPECT_FALSE(outbox.Push({Message("123456")}));  // 7 more: 12 > 10
  EXPECT_TRUE(outbox.Push({Message("1234")}));      // exactly 10
  EXPECT_FALSE(outbox.Push({Message("")}));
}

}  // namespace
}  // namespace lenslet::realtime::detail

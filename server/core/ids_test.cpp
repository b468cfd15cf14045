#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <type_traits>

namespace lenslet::core {
namespace {

static_assert(!std::is_convertible_v<UserId, PostId>, "ids of different kinds must not mix");
static_assert(!std::is_convertible_v<std::int64_t, UserId>, "an integer is not silently an id");

TEST(IdsTest, ParsesPositiveDecimalsOnly) {
  EXPECT_EQ(UserId::Parse("42"), UserId(42));
  EXPECT_EQ(UserId::Parse("999999999999999999"), UserId(999999999999999999));
  for (const char* bad : {"", "0", "-1", "1e3", " 1", "1 ", "abc", "0x10", "9999999999999999999"}) {
    EXPECT_FALSE(UserId::Parse(bad).has_value()) << bad;
  }
}

TEST(IdsTest, RoundTripsThroughTheWireForm) { EXPECT_EQ(PostId::Parse(PostId(1234).ToString()), PostId(1234)); }

}  // namespace
}  // namespace lenslet::core

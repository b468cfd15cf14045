#include "media/detail/blurhash.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace lenslet::media::detail {
namespace {

int Decode83(std::string_view s) {
  const std::string alphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
  int v = 0;
  for (char c : s) v = v * 83 + static_cast<int>(alphabet.find(c));
  return v;
}

std::vector<std::uint8_t> Solid(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  std::vector<std::uint8_t> px;
  for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b});
  return px;
}

TEST(BlurHashTest, SolidColourIsTheDcComponent) {
  const auto px = Solid(20, 10, 200, 100, 50);
  const std::string hash = EncodeBlurHash(px.data(), 20, 10, 4, 3);
  ASSERT_EQ(hash.size(), 1u + 1u + 4u + 2u * 11u);
  EXPECT_EQ(hash[0], 'L');  // (4-1) + (3-1)*9 = 21
  const int dc = Decode83(hash.substr(2, 4));
  EXPECT_NEAR(dc >> 16, 200, 1);
  EXPECT_NEAR((dc >> 8) & 255, 100, 1);
  EXPECT_NEAR(dc & 255, 50, 1);
  // Same image, same hash: clients cache by it.
  EXPECT_EQ(EncodeBlurHash(px.data(), 20, 10, 4, 3), hash);
}

TEST(BlurHashTest, OneComponentIsJustTheAverage) {
  const auto px = Solid(3, 3, 0, 0, 0);
  // Size flag, maximum, then the DC colour in four base-83 digits.
  EXPECT_EQ(EncodeBlurHash(px.data(), 3, 3, 1, 1), "000000");
}

TEST(BlurHashTest, AHorizontalRampMovesTheFirstXComponentOnly) {
  std::vector<std::uint8_t> px;
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 32; ++x) {
      const auto v = static_cast<std::uint8_t>(x * 8);
      px.insert(px.end(), {v, v, v});
    }
  }
  const std::string hash = EncodeBlurHash(px.data(), 32, 8, 4, 3);
  // AC k (components in row-major order, DC excluded) sits at 6 + 2 * (k - 1);
  // its red quantum is value / 361, with 9 meaning zero.
  auto red_step = [&](int k) { return std::abs(Decode83(hash.substr(6 + 2 * (k - 1), 2)) / 361 - 9); };
  EXPECT_GE(red_step(1), 3);            // (1, 0): the ramp
  EXPECT_LT(red_step(4), red_step(1));  // (0, 1): nothing varies vertically
}

TEST(BlurHashTest, RefusesBadArguments) {
  const auto px = Solid(1, 1, 0, 0, 0);
  EXPECT_THROW(EncodeBlurHash(px.data(), 0, 1, 4, 3), std::invalid_argument);
  EXPECT_THROW(EncodeBlurHash(px.data(), 1, 1, 10, 3), std::invalid_argument);
}

}  // namespace
}  // namespace lenslet::media::detail

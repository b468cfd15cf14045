#include "media/detail/webp_container.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace lenslet::media::detail {
namespace {

std::string Le32(std::uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

std::string Chunk(std::string_view fourcc, std::string_view data) {
  std::string c = std::string(fourcc) + Le32(static_cast<std::uint32_t>(data.size())) + std::string(data);
  if (data.size() % 2) c.push_back('\0');
  return c;
}

std::string Riff(const std::string& chunks) {
  return "RIFF" + Le32(static_cast<std::uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}

TEST(WebpContainerTest, RemovesMetadataChunksAndFlags) {
  const std::string vp8x =
      Chunk("VP8X", std::string("\x3C\0\0\0\x3F\0\0\x2F\0\0", 10));  // ICC|ALPHA|EXIF|XMP
  const std::string alpha = Chunk("ALPH", "abc");
  const std::string vp8 = Chunk("VP8 ", "pixels!");
  std::string webp = Riff(vp8x + Chunk("ICCP", "profile") + alpha + vp8 + Chunk("EXIF", "Exif\0\0GPS") +
                          Chunk("XMP ", "<x:xmpmeta/>"));
  ASSERT_TRUE(StripWebpMetadata(webp));
  std::string expected_vp8x = vp8x;
  expected_vp8x[8] = 0x10;  // only ALPHA is left
  EXPECT_EQ(webp, Riff(expected_vp8x + alpha + vp8));
}

TEST(WebpContainerTest, SimpleFilesAreUnchanged) {
  const std::string simple = Riff(Chunk("VP8 ", "pixels"));
  std::string copy = simple;
  ASSERT_TRUE(StripWebpMetadata(copy));
  EXPECT_EQ(copy, simple);
}

TEST(WebpContainerTest, MalformedContainersAreLeftAlone) {
  const std::string good = Riff(Chunk("VP8 ", "pixels"));
  std::string bad_size = good;
  bad_size[4] = 99;
  std::string truncated = good.substr(0, good.size() - 2);
  std::string chunk_overrun = good;
  chunk_overrun[16] = 100;
  for (std::string input : {std::string(""), std::string("RIFF"), bad_size, truncated, chunk_overrun,
                            std::string("RIFF\4\0\0\0WEBX")}) {
    const std::string before = input;
    EXPECT_FALSE(StripWebpMetadata(input));
    EXPECT_EQ(input, before);
  }
}

}  // namespace
}  // namespace lenslet::media::detail

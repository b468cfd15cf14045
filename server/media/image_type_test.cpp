#include "media/image_type.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"

namespace lenslet::media {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LENSLET_FIXTURES_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Ftyp(std::string_view major, std::initializer_list<std::string_view> compatible) {
  const auto size = static_cast<unsigned char>(16 + 4 * compatible.size());
  std::string box = std::string("\0\0\0", 3) + static_cast<char>(size) + "ftyp" + std::string(major) +
                    std::string("\0\0\0\0", 4);
  for (auto brand : compatible) box += brand;
  return box + "rest of the file";
}

TEST(ImageTypeTest, FixturesAreSniffedByTheirBytes) {
  EXPECT_EQ(SniffImageType(Fixture("plain.jpg")), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(Fixture("rotated_gps.jpg")), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(Fixture("cmyk.jpg")), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(Fixture("polyglot.jpg")), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(Fixture("alpha.png")), ImageType::kPng);
  EXPECT_EQ(SniffImageType(Fixture("rgb16.png")), ImageType::kPng);
  EXPECT_EQ(SniffImageType(Fixture("huge_header.png")), ImageType::kPng);
  EXPECT_EQ(SniffImageType(Fixture("plain.webp")), ImageType::kWebp);
  EXPECT_EQ(SniffImageType(Fixture("image.heic")), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Fixture("image.avif")), ImageType::kAvif);
}

TEST(ImageTypeTest, EverythingElseIsUnsupported) {
  for (const char* name : {"photo.jpg", "image.svg", "doc.pdf", "anim.gif", "tiny.tiff", "empty.jpg"}) {
    const std::string bytes = Fixture(name);
    EXPECT_EQ(SniffImageType(bytes), std::nullopt) << name;
    try {
      RequireImageType(bytes);
      ADD_FAILURE() << name << " accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kUnsupportedMediaType) << name;
      EXPECT_EQ(e.http_status(), 415);
    }
  }
}

TEST(ImageTypeTest, SignaturesNeedAllTheirBytes) {
  EXPECT_EQ(SniffImageType("\xFF\xD8"), std::nullopt);
  EXPECT_EQ(SniffImageType("\xFF\xD8\xFF"), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType("\x89PNG\r\n\x1A"), std::nullopt);
  EXPECT_EQ(SniffImageType("\x89PNG\n\x1A\n\r"), std::nullopt);  // line endings mangled in transit
  EXPECT_EQ(SniffImageType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), ImageType::kWebp);
  EXPECT_EQ(SniffImageType(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)), std::nullopt);
  EXPECT_EQ(SniffImageType("RIFF"), std::nullopt);
  EXPECT_EQ(SniffImageType(""), std::nullopt);
  EXPECT_EQ(SniffImageType("GIF89a"), std::nullopt);
  EXPECT_EQ(SniffImageType("BM\0\0"), std::nullopt);
  EXPECT_EQ(SniffImageType("<?xml version=\"1.0\"?><svg"), std::nullopt);
}

TEST(ImageTypeTest, IsoBmffBrands) {
  EXPECT_EQ(SniffImageType(Ftyp("heic", {"mif1", "heic"})), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Ftyp("heix", {})), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Ftyp("hevc", {"msf1"})), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Ftyp("mif1", {"heic"})), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Ftyp("mif1", {"miaf"})), ImageType::kHeif);
  EXPECT_EQ(SniffImageType(Ftyp("avif", {"mif1", "miaf"})), ImageType::kAvif);
  EXPECT_EQ(SniffImageType(Ftyp("avis", {})), ImageType::kAvif);
  EXPECT_EQ(SniffImageType(Ftyp("mif1", {"avif", "miaf"})), ImageType::kAvif);
  // Video and other ISO-BMFF files are not images.
  EXPECT_EQ(SniffImageType(Ftyp("isom", {"iso2", "mp41"})), std::nullopt);
  EXPECT_EQ(SniffImageType(Ftyp("qt  ", {})), std::nullopt);
  EXPECT_EQ(SniffImageType(Ftyp("crx ", {})), std::nullopt);
  // A box size that cannot be right.
  std::string bad = Ftyp("heic", {});
  bad[3] = 3;
  EXPECT_EQ(SniffImageType(bad), std::nullopt);
}

TEST(ImageTypeTest, NamesAndMimeTypes) {
  EXPECT_EQ(MimeType(ImageType::kJpeg), "image/jpeg");
  EXPECT_EQ(MimeType(ImageType::kAvif), "image/avif");
  EXPECT_EQ(Extension(ImageType::kJpeg), "jpg");
  EXPECT_EQ(Extension(ImageType::kWebp), "webp");
  EXPECT_EQ(ToString(ImageType::kHeif), "heif");
}

}  // namespace
}  // namespace lenslet::media

#include "media/image_type.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.hpp"

namespace lenslet::media {
namespace {

std::uint32_t ReadBe32(std::string_view s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// Brands that mean "a HEIF still image libheif decodes". Image sequences
// (hevc/msf1/avis) are accepted too: libheif gives us their primary image.
constexpr std::array<std::string_view, 7> kHeifBrands = {"heic", "heix", "hevc", "heim",
                                                         "heis", "mif1", "msf1"};
constexpr std::array<std::string_view, 2> kAvifBrands = {"avif", "avis"};

template <std::size_t N>
bool OneOf(std::string_view brand, const std::array<std::string_view, N>& brands) {
  for (auto b : brands) {
    if (b == brand) return true;
  }
  return false;
}

std::optional<ImageType> SniffIsoBmff(std::string_view head) {
  // [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4*n]
  if (head.size() < 12 || head.substr(4, 4) != "ftyp") return std::nullopt;
  const std::uint32_t box_size = ReadBe32(head, 0);
  if (box_size < 16 || box_size % 4 != 0 || box_size > 4096) return std::nullopt;
  const std::string_view major = head.substr(8, 4);
  if (OneOf(major, kAvifBrands)) return ImageType::kAvif;
  const bool heif_major = OneOf(major, kHeifBrands);
  // The generic major brands (mif1/msf1) say "some HEIF"; the compatible list
  // tells AV1 from HEVC. Read only what this head holds of the box.
  const std::size_t end = std::min<std::size_t>(box_size, head.size());
  bool avif = false;
  bool heif = heif_major;
  for (std::size_t at = 16; at + 4 <= end; at += 4) {
    const std::string_view brand = head.substr(at, 4);
    if (OneOf(brand, kAvifBrands)) avif = true;
    if (OneOf(brand, kHeifBrands)) heif = true;
  }
  if (avif && (major == "mif1" || major == "msf1" || !heif_major)) return ImageType::kAvif;
  if (heif) return ImageType::kHeif;
  return std::nullopt;
}

}  // namespace

std::optional<ImageType> SniffImageType(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xFF\xD8\xFF") return ImageType::kJpeg;
  if (head.size() >= 8 && head.substr(0, 8) == "\x89PNG\r\n\x1A\n") return ImageType::kPng;
  if (head.size() >= 12 && head.substr(0, 4) == "RIFF" && head.substr(8, 4) == "WEBP")
    return ImageType::kWebp;
  return SniffIsoBmff(head);
}

ImageType RequireImageType(std::string_view head) {
  if (auto type = SniffImageType(head)) return *type;
  throw core::Error(core::ErrorCode::kUnsupportedMediaType, "Upload a JPEG, PNG, WebP, HEIC or AVIF image",
                    {}, "unrecognised image signature");
}

std::string_view MimeType(ImageType type) {
  switch (type) {
    case ImageType::kJpeg:
      return "image/jpeg";
    case ImageType::kPng:
      return "image/png";
    case ImageType::kWebp:
      return "image/webp";
    case ImageType::kHeif:
      return "image/heic";
    case ImageType::kAvif:
      return "image/avif";
  }
  return "application/octet-stream";
}

std::string_view Extension(ImageType type) {
  switch (type) {
    case ImageType::kJpeg:
      return "jpg";
    case ImageType::kPng:
      return "png";
    case ImageType::kWebp:
      return "webp";
    case ImageType::kHeif:
      return "heic";
    case ImageType::kAvif:
      return "avif";
  }
  return "bin";
}

std::string_view ToString(ImageType type) {
  switch (type) {
    case ImageType::kJpeg:
      return "jpeg";
    case ImageType::kPng:
      return "png";
    case ImageType::kWebp:
      return "webp";
    case ImageType::kHeif:
      return "heif";
    case ImageType::kAvif:
      return "avif";
  }
  return "unknown";
}

}  // namespace lenslet::media

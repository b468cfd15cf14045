#include "media/detail/webp_container.hpp"

#include <cstdint>
#include <string_view>

namespace lenslet::media::detail {
namespace {

std::uint32_t ReadLe32(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24);
}

void WriteLe32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// VP8X flag bits (WebP container spec): ICC, EXIF, XMP.
constexpr unsigned char kIccFlag = 0x20;
constexpr unsigned char kExifFlag = 0x08;
constexpr unsigned char kXmpFlag = 0x04;

}  // namespace

bool StripWebpMetadata(std::string& webp) {
  const std::string_view in = webp;
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP") return false;
  if (ReadLe32(in, 4) != in.size() - 8) return false;
  std::string out(in.substr(0, 12));
  std::size_t pos = 12;
  while (pos < in.size()) {
    if (pos + 8 > in.size()) return false;
    const std::string_view fourcc = in.substr(pos, 4);
    const std::uint32_t size = ReadLe32(in, pos + 4);
    const std::size_t padded = 8 + static_cast<std::size_t>(size) + (size & 1);
    if (padded > in.size() - pos) return false;
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      const std::size_t at = out.size();
      out.append(in.substr(pos, padded));
      if (fourcc == "VP8X" && size >= 1) {
        out[at + 8] =
            static_cast<char>(static_cast<unsigned char>(out[at + 8]) & ~(kIccFlag | kExifFlag | kXmpFlag));
      }
    }
    pos += padded;
  }
  WriteLe32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  webp = std::move(out);
  return true;
}

}  // namespace lenslet::media::detail

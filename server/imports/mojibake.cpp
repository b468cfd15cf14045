#include "imports/mojibake.hpp"

#include <cstdint>
#include <optional>

namespace lenslet::imports {
namespace {

// The code point starting at bytes[i] and its length; nullopt when malformed.
struct Decoded {
  std::uint32_t code_point;
  std::size_t length;
};

std::optional<Decoded> DecodeAt(std::string_view bytes, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > bytes.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return Decoded{cp, length};
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto decoded = DecodeAt(bytes, i);
    if (!decoded) return false;
    i += decoded->length;
  }
  return true;
}

std::string DecodeMojibake(std::string_view parsed) {
  std::string bytes;
  bytes.reserve(parsed.size());
  bool changed = false;
  for (std::size_t i = 0; i < parsed.size();) {
    const auto decoded = DecodeAt(parsed, i);
    if (!decoded || decoded->code_point > 0xFF) return std::string(parsed);
    if (decoded->code_point >= 0x80) changed = true;
    bytes.push_back(static_cast<char>(decoded->code_point));
    i += decoded->length;
  }
  if (!changed || !IsValidUtf8(bytes)) return std::string(parsed);
  return bytes;
}

}  // namespace lenslet::imports

#include "auth/base32.hpp"

#include <cstdint>

namespace lenslet::auth {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int ValueOf(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Base32Encode(std::string_view bytes, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char byte : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(byte);
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1f]);
  if (pad) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string symbols;
  symbols.reserve(text.size());
  std::size_t padding = 0;
  for (const char c : text) {
    if (c == ' ' || c == '-') {
      if (padding > 0) return std::nullopt;
      continue;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0 || ValueOf(c) < 0) return std::nullopt;
    symbols.push_back(c);
  }
  // Padding, when present, must complete the last group of 8 exactly.
  if (padding > 0 && ((symbols.size() + padding) % 8 != 0 || padding >= 8)) return std::nullopt;
  // Only 2, 4, 5 or 7 symbols can end a group (1, 2, 3 or 4 bytes); 1, 3 or 6 never.
  const std::size_t tail = symbols.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;

  std::string out;
  out.reserve(symbols.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : symbols) {
    buffer = (buffer << 5) | static_cast<std::uint32_t>(ValueOf(c));
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  // The leftover bits only pad the last symbol: they must be zero.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace lenslet::auth

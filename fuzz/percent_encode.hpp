#pragma once
// What the query and router harnesses compare against: a string written the
// way a careful client writes a URL component, every byte outside RFC 3986's
// unreserved set as %XX (upper-case hex). Decoding it must give the bytes back.
#include <string>
#include <string_view>

namespace lenslet::fuzz {

inline std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace lenslet::fuzz

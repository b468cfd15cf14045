#pragma once
#include <cctype>
#include <string>
#include <string_view>

namespace lenslet::bench::usermodel {

// A query value as RFC 3986 unreserved characters (cursors are opaque strings).
inline std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace lenslet::bench::usermodel

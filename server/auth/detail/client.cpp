#include "auth/detail/client.hpp"

#include <arpa/inet.h>

#include <array>

namespace lenslet::auth::detail {

std::string AddressKey(std::string_view address) {
  if (address.find(':') == std::string_view::npos || address.size() > 64) return std::string(address);
  std::string text(address);
  // "[2001:db8::1]" as some proxies write it, and a zone ("fe80::1%eth0").
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (const auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return std::string(address);
  // IPv4-mapped addresses (::ffff:a.b.c.d) are one IPv4 client, not a /64.
  static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(std::begin(kMappedPrefix), std::end(kMappedPrefix), bytes.begin())) {
    char v4[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, bytes.data() + 12, v4, sizeof v4) != nullptr) return v4;
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  char out[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, bytes.data(), out, sizeof out) == nullptr) return std::string(address);
  return std::string(out) + "/64";
}

std::string SanitizeForStorage(std::string_view text, std::size_t max_length) {
  std::string out;
  out.reserve(std::min(text.size(), max_length));
  for (const char ch : text) {
    if (out.size() >= max_length) break;
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(c >= 0x20 && c < 0x7f ? ch : '?');
  }
  return out;
}

}  // namespace lenslet::auth::detail

#include "realtime/redis/redis_url.hpp"

#include <charconv>
#include <stdexcept>

namespace lenslet::realtime::redis {
namespace {

constexpr std::string_view kScheme = "redis://";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Userinfo may percent-encode the characters a password needs (@, :, /).
std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = HexDigit(text[i + 1]);
    const int low = HexDigit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Decimal digits only (from_chars alone would accept a leading '-').
template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool ValidHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool ValidIpv6(std::string_view host) {
  if (host.empty() || host.size() > 45) return false;
  for (char c : host) {
    if (HexDigit(c) < 0 && c != ':' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string RedisAddress::ToString() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<RedisAddress> ParseRedisUrl(std::string_view url) {
  if (!url.starts_with(kScheme)) return std::nullopt;
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) return std::nullopt;

  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

  RedisAddress address;
  // The last '@' ends the userinfo: an unencoded '@' in a password still parses.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) return std::nullopt;  // redis://secret@host is ambiguous: refuse
    auto user = PercentDecode(userinfo.substr(0, colon));
    auto password = PercentDecode(userinfo.substr(colon + 1));
    if (!user || !password) return std::nullopt;
    address.username = std::move(*user);
    address.password = std::move(*password);
  }

  std::string_view port_text;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    address.host = std::string(authority.substr(1, close - 1));
    if (!ValidIpv6(address.host)) return std::nullopt;
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    const std::size_t colon = authority.find(':');
    address.host = std::string(authority.substr(0, colon));
    if (!ValidHostName(address.host)) return std::nullopt;
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
  }
  if (!port_text.empty()) {
    const auto port = ParseNumber<unsigned>(port_text);
    if (!port || *port == 0 || *port > 65535) return std::nullopt;
    address.port = static_cast<std::uint16_t>(*port);
  }

  if (!path.empty()) {
    const auto db = ParseNumber<int>(path);
    if (!db) return std::nullopt;
    address.db = *db;
  }
  return address;
}

RedisAddress ParseRedisUrlOrThrow(std::string_view url) {
  auto address = ParseRedisUrl(url);
  if (!address) throw std::invalid_argument("the Redis URL must be redis://[:password@]host:port[/db]");
  return *std::move(address);
}

}  // namespace lenslet::realtime::redis

#include "http/detail/client_address.hpp"

#include "http/detail/percent.hpp"

namespace lenslet::http::detail {
namespace {

// An IPv4/IPv6 literal (possibly with brackets or a port) has only these.
bool PlausibleAddress(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (const char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
                    c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string ResolveClientAddress(const std::vector<std::pair<std::string, std::string>>& headers,
                                 std::string_view peer, bool trust_proxy) {
  if (!trust_proxy) return std::string(peer);
  std::string_view last_value;
  for (const auto& [name, value] : headers) {
    if (IEquals(name, "X-Forwarded-For")) last_value = value;
  }
  if (last_value.empty()) return std::string(peer);
  const auto comma = last_value.rfind(',');
  const std::string_view last =
      TrimSpaces(comma == std::string_view::npos ? last_value : last_value.substr(comma + 1));
  if (!PlausibleAddress(last)) return std::string(peer);
  return std::string(last);
}

}  // namespace lenslet::http::detail

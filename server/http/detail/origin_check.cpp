#include "http/detail/origin_check.hpp"

#include <algorithm>

namespace lenslet::http::detail {
namespace {

std::string Lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  });
  return out;
}

bool IsStateChanging(Method method) {
  // kOther too: an unknown method must not be a way around the check.
  return method != Method::kGet && method != Method::kHead && method != Method::kOptions;
}

}  // namespace

std::optional<std::string> NormalizeOrigin(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string scheme = Lowered(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return std::nullopt;
  std::string host_port = Lowered(authority);
  // Split the port off, minding IPv6 literals ("[::1]:8080").
  const auto colon = host_port.rfind(':');
  const auto bracket = host_port.rfind(']');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
    const std::string port = host_port.substr(colon + 1);
    if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
      host_port.resize(colon);
    }
  }
  if (host_port.empty()) return std::nullopt;
  return scheme + "://" + host_port;
}

bool OriginAllowed(Method method, std::string_view origin, std::string_view referer, std::string_view host,
                   std::string_view public_url) {
  if (!IsStateChanging(method)) return true;
  std::string_view claimed = origin;
  if (claimed.empty()) claimed = referer;
  if (claimed.empty()) return true;
  // "null" (sandboxed iframes, file://, some redirects) and garbage are refused.
  const auto normalized = NormalizeOrigin(claimed);
  if (!normalized) return false;
  if (!public_url.empty()) {
    const auto ours = NormalizeOrigin(public_url);
    return ours && *ours == *normalized;
  }
  if (host.empty()) return false;
  for (const std::string_view scheme : {"http://", "https://"}) {
    const auto ours = NormalizeOrigin(std::string(scheme) + std::string(host));
    if (ours && *ours == *normalized) return true;
  }
  return false;
}

}  // namespace lenslet::http::detail

#include "http/detail/security_headers.hpp"

#include <array>
#include <utility>

#include "http/detail/percent.hpp"

namespace lenslet::http::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kSecurityHeaders{{
    {"Content-Security-Policy", kContentSecurityPolicy},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
}};

void AddIfAbsent(Response& response, std::string_view name, std::string_view value) {
  if (!HasResponseHeader(response, name)) response.WithHeader(std::string(name), std::string(value));
}

}  // namespace

bool HasResponseHeader(const Response& response, std::string_view name) {
  for (const auto& header : response.headers) {
    if (IEquals(header.first, name)) return true;
  }
  return false;
}

void AddSecurityHeaders(Response& response) {
  for (const auto& [name, value] : kSecurityHeaders) AddIfAbsent(response, name, value);
}

void AddApiCacheControl(Response& response) { AddIfAbsent(response, "Cache-Control", "no-store"); }

}  // namespace lenslet::http::detail

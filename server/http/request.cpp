#include "http/request.hpp"

#include <array>
#include <stdexcept>

#include "core/error.hpp"
#include "http/detail/percent.hpp"

namespace lenslet::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethodNames{{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

}  // namespace

std::string_view ToString(Method m) {
  for (const auto& [method, name] : kMethodNames) {
    if (method == m) return name;
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET.
  for (const auto& [method, text] : kMethodNames) {
    if (text == name) return method;
  }
  return Method::kOther;
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::IEquals(key, name)) return value;
  }
  return {};
}

bool Request::HasHeader(std::string_view name) const {
  for (const auto& header : headers) {
    if (detail::IEquals(header.first, name)) return true;
  }
  return false;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  const auto question = target.find('?');
  if (question == std::string::npos) return std::nullopt;
  std::string_view query = std::string_view(target).substr(question + 1);
  if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto key = detail::PercentDecode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    // A malformed escape ("%zz") is a malformed request, not an absent value:
    // silently ignoring a broken ?cursor= would restart a listing from the top.
    auto value = detail::PercentDecode(pair.substr(eq + 1), true);
    if (!value) {
      throw core::Error(core::ErrorCode::kBadRequest, std::string(name) + " is not a well-formed query value",
                        std::string(name));
    }
    return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  // RFC 6265 5.4: "name=value; name2=value2", possibly over several Cookie
  // headers (HTTP/2 proxies split them). The first match wins.
  for (const auto& [key, value] : headers) {
    if (!detail::IEquals(key, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = detail::TrimSpaces(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (detail::TrimSpaces(pair.substr(0, eq)) != name) continue;
      std::string_view cookie_value = detail::TrimSpaces(pair.substr(eq + 1));
      if (cookie_value.size() >= 2 && cookie_value.front() == '"' && cookie_value.back() == '"') {
        cookie_value = cookie_value.substr(1, cookie_value.size() - 2);
      }
      return std::string(cookie_value);
    }
  }
  return std::nullopt;
}

const std::string& Request::Param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  throw std::logic_error("route has no path parameter named " + std::string(name));
}

const Principal& Request::RequirePrincipal() const {
  if (!principal) throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in first");
  return *principal;
}

}  // namespace lenslet::http

#include "http/mount.hpp"

#include <algorithm>
#include <cctype>

namespace lenslet::http {
namespace {

bool ContainsToken(std::string_view list, std::string_view token) {
  // A comma-separated header value ("keep-alive, Upgrade"), tokens compared without case.
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(start, end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.size() == token.size() && std::equal(item.begin(), item.end(), token.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

bool Mount::Matches(std::string_view path) const {
  if (prefix.empty()) return false;
  std::string_view bare = prefix;
  if (bare.size() > 1 && bare.back() == '/') bare.remove_suffix(1);
  if (path == bare) return true;
  const std::string_view with_slash = prefix.back() == '/' ? std::string_view(prefix) : std::string_view();
  if (!with_slash.empty()) return path.substr(0, with_slash.size()) == with_slash;
  return path.size() > bare.size() && path.substr(0, bare.size()) == bare && path[bare.size()] == '/';
}

bool IsWebSocketUpgrade(const Request& request) {
  return request.method == Method::kGet && ContainsToken(request.Header("Upgrade"), "websocket") &&
         ContainsToken(request.Header("Connection"), "upgrade");
}

}  // namespace lenslet::http

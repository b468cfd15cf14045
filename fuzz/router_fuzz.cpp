// libFuzzer target for the router's path matcher (server/http/router.cpp),
// over a table shaped like the API's (literals, {params}, a {key...} tail, a
// literal beside a parameter). An input is a method digit ('0' GET, '1' HEAD,
// '2' POST, '3' PUT, '4' PATCH, '5' DELETE, '6' OPTIONS, '7' other) and a path
// as received. It checks:
//   - a match is of the asked method (HEAD: of GET), names every {param} of its
//     pattern in order, with non-empty values; no match lists a sorted,
//     duplicate-free Allow of methods that do match;
//   - segments are decoded exactly once: the path with each decoded segment
//     percent-encoded again matches the same route with the same values, and
//     so does the path with one trailing slash added;
//   - a literal beats a parameter at the same place ("/users/me").
//
// Build and run: scripts/fuzz.sh router_fuzz (seeds in fuzz/corpus/router/).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/detail/percent.hpp"
#include "percent_encode.hpp"
#include "http/router.hpp"

namespace http = lenslet::http;
using http::Method;

namespace {

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

const http::Router& Table() {
  static const http::Router router = [] {
    http::Router r;
    const std::pair<Method, const char*> routes[] = {
        {Method::kGet, "/"},
        {Method::kGet, "/api/v1/health"},
        {Method::kGet, "/api/v1/auth/me"},
        {Method::kPost, "/api/v1/auth/login"},
        {Method::kGet, "/api/v1/feed"},
        {Method::kGet, "/api/v1/users/{username}"},
        {Method::kPatch, "/api/v1/users/me"},
        {Method::kGet, "/api/v1/users/me"},
        {Method::kGet, "/api/v1/users/{username}/posts"},
        {Method::kPost, "/api/v1/users/{username}/follow"},
        {Method::kDelete, "/api/v1/users/{username}/follow"},
        {Method::kPut, "/api/v1/users/me/avatar"},
        {Method::kGet, "/api/v1/posts/{id}"},
        {Method::kDelete, "/api/v1/posts/{id}"},
        {Method::kGet, "/api/v1/posts/{id}/comments"},
        {Method::kPost, "/api/v1/posts/{id}/comments"},
        {Method::kPost, "/api/v1/follow-requests/{userId}/accept"},
        {Method::kGet, "/api/v1/conversations/{id}/messages"},
        {Method::kGet, "/api/v1/{a}/{b}/{c}"},
        {Method::kOptions, "/api/v1/{anything...}"},
        {Method::kGet, "/media/{key...}"},
    };
    for (const auto& [method, pattern] : routes) r.Add(method, pattern, {});
    return r;
  }();
  return router;
}

std::vector<std::string_view> Segments(std::string_view pattern) {
  std::vector<std::string_view> out;
  pattern.remove_prefix(1);
  while (!pattern.empty()) {
    const auto slash = pattern.find('/');
    out.push_back(pattern.substr(0, slash));
    if (slash == std::string_view::npos) break;
    pattern.remove_prefix(slash + 1);
  }
  return out;
}

using lenslet::fuzz::PercentEncode;

// The path with every segment decoded and encoded again (nullopt when a
// segment does not decode: such a path matches nothing).
std::optional<std::string> Normalized(std::string_view path) {
  std::string out;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto decoded = http::detail::PercentDecode(rest.substr(0, slash));
    if (!decoded) return std::nullopt;
    out += "/" + PercentEncode(*decoded);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
    if (rest.empty()) out += "/";  // the tolerated trailing slash
  }
  return out.empty() ? std::string("/") : out;
}

bool SameMatch(const http::Match& a, const http::Match& b) {
  return a.route == b.route && a.params == b.params && a.allowed == b.allowed;
}

void CheckMatch(Method method, std::string_view path, const http::Match& match) {
  if (!match.route) {
    Require(match.params.empty());
    Require(std::is_sorted(match.allowed.begin(), match.allowed.end()));
    Require(std::adjacent_find(match.allowed.begin(), match.allowed.end()) == match.allowed.end());
    Require(std::find(match.allowed.begin(), match.allowed.end(), method) == match.allowed.end());
    for (const Method other : match.allowed) Require(Table().Find(other, path).route != nullptr);
    return;
  }
  Require(match.allowed.empty());
  Require(match.route->method == method || (method == Method::kHead && match.route->method == Method::kGet));
  std::vector<std::string_view> names;
  for (const auto segment : Segments(match.route->pattern)) {
    if (segment.starts_with('{')) {
      const std::size_t cut = segment.ends_with("...}") ? 4 : 1;
      names.push_back(segment.substr(1, segment.size() - 1 - cut));
    }
  }
  Require(names.size() == match.params.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    Require(match.params[i].first == names[i]);
    Require(!match.params[i].second.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto method = static_cast<Method>(data[0] % 8);
  const std::string_view path(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto& router = Table();

  const http::Match match = router.Find(method, path);
  CheckMatch(method, path, match);

  // HEAD is GET without a body: this table has no HEAD route of its own.
  if (method == Method::kGet || method == Method::kHead) {
    const auto other = router.Find(method == Method::kGet ? Method::kHead : Method::kGet, path);
    Require(other.route == match.route && other.params == match.params);
  }

  if (path.empty() || path.front() != '/') {
    Require(!match.route && match.allowed.empty());
    return 0;
  }
  const auto normalized = Normalized(path);
  if (!normalized) {
    Require(!match.route && match.allowed.empty());
    return 0;
  }
  Require(SameMatch(router.Find(method, *normalized), match));
  if (!path.ends_with('/')) Require(SameMatch(router.Find(method, std::string(path) + "/"), match));

  // Literal before parameter: GET /users/me is never the profile of "me".
  if (match.route && match.route->pattern == "/api/v1/users/{username}") Require(match.params[0].second != "me");
  return 0;
}

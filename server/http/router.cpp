#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "http/detail/percent.hpp"

namespace lenslet::http {
namespace {

// Splits "/a/b/" into {"a","b"} (one trailing slash tolerated). nullopt when
// the path does not start with '/' or has an empty segment in the middle.
std::optional<std::vector<std::string_view>> SplitPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::vector<std::string_view> segments;
  if (path.empty()) return segments;
  while (true) {
    const auto slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment.empty()) return std::nullopt;
    segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// "{path...}": the rest of the path, one or more segments (last position only).
bool IsTail(std::string_view segment) { return IsParam(segment) && segment.ends_with("...}"); }

// Matches one route pattern against decoded segments. `literal_mask` records,
// segment by segment, whether the pattern was literal there (for precedence).
bool MatchPattern(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
                  std::vector<std::pair<std::string, std::string>>* params, std::vector<bool>* literal_mask) {
  const auto* pattern_segments = &pattern;
  const bool tail = !pattern_segments->empty() && IsTail(pattern_segments->back());
  if (tail ? segments.size() < pattern_segments->size() : segments.size() != pattern_segments->size()) {
    return false;
  }
  params->clear();
  literal_mask->clear();
  for (std::size_t i = 0; i < pattern_segments->size(); ++i) {
    const std::string_view p = (*pattern_segments)[i];
    if (tail && i + 1 == pattern_segments->size()) {
      std::string rest = segments[i];
      for (std::size_t j = i + 1; j < segments.size(); ++j) rest += "/" + segments[j];
      params->emplace_back(std::string(p.substr(1, p.size() - 5)), std::move(rest));
      literal_mask->resize(segments.size(), false);
    } else if (IsParam(p)) {
      params->emplace_back(std::string(p.substr(1, p.size() - 2)), segments[i]);
      literal_mask->push_back(false);
    } else {
      if (p != segments[i]) return false;
      literal_mask->push_back(true);
    }
  }
  return true;
}

}  // namespace

void Router::Add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  const auto segments = SplitPath(pattern);
  if (!segments) throw std::invalid_argument("bad route pattern: " + pattern);
  for (std::size_t i = 0; i + 1 < segments->size(); ++i) {
    if (IsTail((*segments)[i])) throw std::invalid_argument("{name...} must be last: " + pattern);
  }
  for (const auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      throw std::invalid_argument("route declared twice: " + std::string(ToString(method)) + " " + pattern);
    }
  }
  std::vector<std::string> split(segments->begin(), segments->end());
  routes_.push_back(Route{method, std::move(pattern), std::move(handler), options, std::move(split)});
}

Match Router::Find(Method method, std::string_view path) const {
  Match result;
  const auto raw_segments = SplitPath(path);
  if (!raw_segments) return result;
  std::vector<std::string> segments;
  segments.reserve(raw_segments->size());
  for (const auto raw : *raw_segments) {
    auto decoded = detail::PercentDecode(raw);
    if (!decoded) return result;  // a malformed escape matches nothing: 404
    segments.push_back(std::move(*decoded));
  }

  std::vector<std::pair<std::string, std::string>> params;
  std::vector<bool> mask;
  std::vector<bool> best_mask;
  const Route* best_get = nullptr;  // for HEAD without an explicit HEAD route
  std::vector<std::pair<std::string, std::string>> best_get_params;
  std::vector<bool> best_get_mask;

  for (const auto& route : routes_) {
    if (!MatchPattern(route.segments, segments, &params, &mask)) continue;
    if (route.method == method) {
      // Lexicographic on literal flags: a literal earlier in the path wins.
      if (!result.route ||
          std::lexicographical_compare(best_mask.begin(), best_mask.end(), mask.begin(), mask.end())) {
        result.route = &route;
        result.params = params;
        best_mask = mask;
      }
    } else if (method == Method::kHead && route.method == Method::kGet) {
      if (!best_get || std::lexicographical_compare(best_get_mask.begin(), best_get_mask.end(), mask.begin(),
                                                    mask.end())) {
        best_get = &route;
        best_get_params = params;
        best_get_mask = mask;
      }
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
  }
  if (!result.route && best_get) {
    result.route = best_get;
    result.params = std::move(best_get_params);
  }
  if (result.route) {
    result.allowed.clear();
    return result;
  }
  // GET implies HEAD in the Allow header.
  if (std::find(result.allowed.begin(), result.allowed.end(), Method::kGet) != result.allowed.end() &&
      std::find(result.allowed.begin(), result.allowed.end(), Method::kHead) == result.allowed.end()) {
    result.allowed.push_back(Method::kHead);
  }
  std::sort(result.allowed.begin(), result.allowed.end());
  return result;
}

}  // namespace lenslet::http

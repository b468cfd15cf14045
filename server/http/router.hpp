#pragma once
// Routes map (method, path pattern) to a handler plus its per-route policy.
// Patterns are literal segments and {name} parameters: "/api/v1/users/{username}".
// A path that matches some route but not for this method answers 405 with Allow.
//
// Matching rules:
//  - Find() takes the path AS RECEIVED (still percent-encoded, no query); each
//    segment is decoded once before comparison, so "%2F" inside a parameter stays
//    inside that parameter instead of splitting the path.
//  - One trailing slash is tolerated: "/api/v1/feed/" matches "/api/v1/feed".
//    Empty segments elsewhere ("/a//b") never match.
//  - A final "{name...}" segment takes the rest of the path (one or more
//    segments, each decoded, joined with '/'): "/media/{key...}". Handlers that
//    map it to files must still validate it.
//  - A literal segment beats a parameter at the same position, whatever the
//    registration order: "/users/me" wins over "/users/{username}".
//  - HEAD falls back to the GET route of the same path.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/upload.hpp"

namespace lenslet::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

enum class Auth {
  kNone,      // no principal resolved
  kOptional,  // resolved when present (e.g. public profile with followedByMe)
  kRequired,  // 401 unauthenticated when absent or invalid
};

struct RouteOptions {
  Auth auth = Auth::kNone;
  std::size_t body_limit = 64 * 1024;  // bytes; 413 beyond, without reading the rest
  // Set for multipart uploads: the body streams into Request::upload (files
  // spooled to disk) instead of Request::body. See http/upload.hpp.
  std::optional<UploadOptions> upload;
};

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  // The pattern split at '/', once at Add(): Find() compares every route's
  // segments on every request.
  std::vector<std::string> segments;
};

struct Match {
  const Route* route = nullptr;                             // set when found
  std::vector<std::pair<std::string, std::string>> params;  // {name} -> value
  std::vector<Method> allowed;  // when route is null and the path exists for other methods (HEAD with GET)
};

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  // HEAD falls back to GET routes.
  Match Find(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace lenslet::http

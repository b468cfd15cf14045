#pragma once
// The request as handlers see it: no Beast types leak past http/, so api/ code
// compiles fast and reads plainly.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.hpp"

namespace lenslet::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view ToString(Method m);
// "GET" -> kGet; anything that is not one of the listed methods -> kOther.
Method ParseMethod(std::string_view name);

// Who is calling, resolved by the authentication middleware from the session
// cookie or an `Authorization: Bearer` header, and checked against the session
// store on every request (so logout takes effect at once).
struct Principal {
  core::UserId user;
  core::SessionId session;
};

class UploadedForm;  // http/upload.hpp

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router
  std::string client_address;  // the peer, or X-Forwarded-For from a trusted proxy
  std::string request_id;      // also sent back as X-Request-Id and logged
  // The template of the route or mount that answered ("/api/v1/posts/{id}"),
  // never the path itself: the metrics' route label. Empty when refused earlier.
  std::string_view route;
  std::optional<Principal> principal;
  // Routes with RouteOptions::upload: the form, complete, with its files
  // spooled to disk (deleted when the request ends). body stays empty.
  std::shared_ptr<UploadedForm> upload;

  // Header lookup ignores case; the first value wins. Empty when absent.
  std::string_view Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // The percent-decoded value of a query parameter; nullopt when absent.
  // Throws Error(kBadRequest) when its value has a malformed escape.
  std::optional<std::string> Query(std::string_view name) const;
  // A cookie from the Cookie header(s).
  std::optional<std::string> Cookie(std::string_view name) const;
  // A path parameter declared in the route ("/users/{username}"), percent-decoded.
  // Asking for a name the route does not declare is a programming error: throws
  // std::logic_error (a 500).
  const std::string& Param(std::string_view name) const;

  // The authenticated caller; throws Error(kUnauthenticated) when there is none.
  const Principal& RequirePrincipal() const;
};

}  // namespace lenslet::http

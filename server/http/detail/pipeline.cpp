#include "http/detail/pipeline.hpp"

#include <boost/json/object.hpp>
#include <exception>

#include "core/error.hpp"
#include "http/detail/error_envelope.hpp"
#include "http/detail/gzip.hpp"
#include "http/detail/origin_check.hpp"
#include "http/detail/percent.hpp"
#include "http/detail/security_headers.hpp"
#include "http/upload.hpp"

namespace lenslet::http::detail {
namespace {

constexpr std::string_view kHealthPath = "/api/v1/health";

bool HasPrefixSegment(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

std::string_view RawPath(const Request& request) {
  const std::string_view target = request.target;
  return target.substr(0, target.find('?'));
}

// "multipart/form-data; boundary=..." in any case.
bool IsMultipartForm(std::string_view content_type) {
  constexpr std::string_view kType = "multipart/form-data";
  return content_type.size() >= kType.size() && IEquals(content_type.substr(0, kType.size()), kType);
}

bool IsHealthPath(std::string_view raw_path) {
  return raw_path == kHealthPath || raw_path == "/api/v1/health/";
}

std::string JoinMethods(const std::vector<Method>& methods) {
  std::string out;
  for (const Method m : methods) {
    if (m == Method::kOther) continue;
    if (!out.empty()) out += ", ";
    out += ToString(m);
  }
  return out;
}

// What answers when no route matches: 405, the built-in health check, the web
// app, or 404.
Response AnswerUnrouted(Request& request, const Match& match, ServerContext& context) {
  const std::string_view raw_path = RawPath(request);
  request.route = kRouteUnmatched;
  const bool read_only = request.method == Method::kGet || request.method == Method::kHead;
  if (!match.allowed.empty()) {
    Response response = RenderError(core::ErrorCode::kMethodNotAllowed, "This method is not allowed here");
    response.WithHeader("Allow", JoinMethods(match.allowed));
    return response;
  }
  if (IsHealthPath(raw_path) && read_only) {
    request.route = kHealthPath;
    const bool ready = !context.ready || context.ready();
    return Response::Json(ready ? 200 : 503, boost::json::object{{"status", ready ? "ok" : "starting"}});
  }
  const bool served_elsewhere =
      IsApiPath(raw_path) || HasPrefixSegment(raw_path, "/media") || HasPrefixSegment(raw_path, "/socket.io");
  if (read_only && !served_elsewhere) {
    const bool navigation = request.Header("Accept").find("text/html") != std::string_view::npos;
    if (auto file = context.static_files.Serve(raw_path, request.Header("Accept-Encoding"), navigation)) {
      request.route = kRouteStatic;
      return std::move(*file);
    }
  }
  return RenderError(core::ErrorCode::kNotFound, "Not found");
}

}  // namespace

bool IsApiPath(std::string_view path) { return HasPrefixSegment(path, "/api"); }

boost::asio::awaitable<Response> HandleRequest(Request& request, ServerContext& context,
                                               const BodyReader& read_body) {
  Response response;
  try {
    const ServerOptions& options = context.options;
    if (!OriginAllowed(request.method, request.Header("Origin"), request.Header("Referer"),
                       request.Header("Host"), options.public_url)) {
      throw core::Error(core::ErrorCode::kForeignOrigin, "Cross-site request refused", {},
                        "origin=" + std::string(request.Header("Origin")));
    }
    const std::string_view raw_path = RawPath(request);
    if (IsApiPath(raw_path) && !IsHealthPath(raw_path) && context.ready && !context.ready()) {
      core::Error error(core::ErrorCode::kUnavailable, "The server is starting, try again shortly");
      error.retry_after_seconds = 5;
      throw error;
    }
    Match match = context.router->Find(request.method, raw_path);
    if (!match.route) {
      response = AnswerUnrouted(request, match, context);
    } else {
      const Route& route = *match.route;
      request.route = route.pattern;
      if (route.options.auth != Auth::kNone && context.authenticate) {
        request.principal = co_await context.authenticate(request);
      }
      if (route.options.auth == Auth::kRequired && !request.principal) {
        throw core::Error(core::ErrorCode::kUnauthenticated, "Sign in first");
      }
      std::size_t body_limit = route.options.body_limit;
      if (route.options.upload) {
        const auto& upload = *route.options.upload;
        if (upload.json_body_limit > 0 && !IsMultipartForm(request.Header("Content-Type"))) {
          body_limit = upload.json_body_limit;  // an ordinary body for the handler to parse
        } else {
          // Before reading: 415/400 for a body that is not a multipart form.
          request.upload = std::make_shared<UploadedForm>(upload, request.Header("Content-Type"), body_limit);
        }
      }
      co_await read_body(request, body_limit);
      request.path_params = std::move(match.params);
      response = co_await route.handler(request);
    }
  } catch (const ConnectionLost&) {
    throw;
  } catch (...) {
    response = RenderException(std::current_exception(), request.request_id);
  }
  // Spool files go before the answer does: a client that sees the response
  // never sees the request's temporaries.
  request.upload.reset();
  FinishResponse(request, response);
  co_return response;
}

void FinishResponse(const Request& request, Response& response) {
  if (!HasResponseHeader(response, "X-Request-Id")) response.WithHeader("X-Request-Id", request.request_id);
  AddSecurityHeaders(response);
  if (IsApiPath(RawPath(request))) AddApiCacheControl(response);
  MaybeGzip(request.Header("Accept-Encoding"), response);
}

}  // namespace lenslet::http::detail

#include "http/detail/error_envelope.hpp"

#include <spdlog/spdlog.h>

#include "core/error_body.hpp"

namespace lenslet::http::detail {

Response RenderError(const core::Error& error) {
  // The body is the socket acks' too (core/error_body.hpp); the status and
  // Retry-After are HTTP's own.
  Response response = Response::Json(error.http_status(), core::ErrorBody(error));
  if (error.retry_after_seconds) {
    response.WithHeader("Retry-After", std::to_string(*error.retry_after_seconds));
  }
  return response;
}

Response RenderError(core::ErrorCode code, std::string_view message) {
  return RenderError(core::Error(code, std::string(message)));
}

Response RenderException(std::exception_ptr error, std::string_view request_id) {
  try {
    std::rethrow_exception(error);
  } catch (const core::Error& e) {
    if (!e.internal().empty()) {
      spdlog::warn("request id={} error={} internal=\"{}\"", request_id, core::Describe(e.code()).wire_code,
                   e.internal());
    }
    return RenderError(e);
  } catch (const std::exception& e) {
    spdlog::error("request id={} unhandled exception: {}", request_id, e.what());
  } catch (...) {
    spdlog::error("request id={} unhandled non-standard exception", request_id);
  }
  return RenderError(core::ErrorCode::kInternal, "Something went wrong on our side");
}

}  // namespace lenslet::http::detail

#include "http/detail/error_envelope.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>

namespace lenslet::http::detail {

Response RenderError(const core::Error& error) {
  const core::ErrorInfo info = core::Describe(error.code());
  boost::json::object body;
  body["code"] = info.wire_code;
  body["message"] = error.message();
  if (!error.field().empty()) body["field"] = error.field();
  Response response = Response::Json(info.http_status, boost::json::object{{"error", std::move(body)}});
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

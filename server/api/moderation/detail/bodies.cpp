#include "api/moderation/detail/bodies.hpp"

#include "api/detail/json_fields.hpp"
#include "api/reports/report_rules.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::moderation::detail {

boost::json::object BodyOrEmpty(const http::Request& request) {
  if (request.body.empty()) return {};
  return http::ParseJsonObject(request);
}

std::string RequireReason(const boost::json::object& body, std::string_view field) {
  auto reason = reports::ValidateNote(api::detail::RequireString(body, field), field);
  if (reason.empty()) core::ThrowInvalid(std::string(field), "Say why");
  return reason;
}

std::string OptionalReason(const boost::json::object& body, std::string_view field) {
  return reports::ValidateNote(api::detail::OptionalString(body, field), field);
}

}  // namespace lenslet::api::moderation::detail

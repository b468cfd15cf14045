#include "api/detail/json_fields.hpp"

#include "core/error.hpp"

namespace lenslet::api::detail {

std::string RequireString(const boost::json::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || value->is_null()) core::ThrowInvalid(std::string(field), std::string(field) + " is required");
  if (!value->is_string()) core::ThrowInvalid(std::string(field), std::string(field) + " must be a string");
  return std::string(value->get_string());
}

std::optional<std::string> OptionalString(const boost::json::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_string()) core::ThrowInvalid(std::string(field), std::string(field) + " must be a string");
  return std::string(value->get_string());
}

std::optional<bool> OptionalBool(const boost::json::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_bool()) core::ThrowInvalid(std::string(field), std::string(field) + " must be true or false");
  return value->get_bool();
}

}  // namespace lenslet::api::detail

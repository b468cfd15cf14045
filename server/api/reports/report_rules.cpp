#include "api/reports/report_rules.hpp"

#include "api/detail/json_fields.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace lenslet::api::reports {
namespace {

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

ReportForm ParseReportForm(const boost::json::object& body) {
  ReportForm form;
  const auto type = api::detail::RequireString(body, "targetType");
  const auto parsed_type = store::ParseReportTarget(type);
  if (!parsed_type) core::ThrowInvalid("targetType", "targetType must be post, comment, user or message");
  form.target.type = *parsed_type;
  // Ids are strings on the wire; anything else names nothing.
  const auto id = core::Id<struct AnyTag>::Parse(api::detail::RequireString(body, "targetId"));
  if (!id) core::ThrowInvalid("targetId", "targetId must be an id");
  form.target.id = id->value;
  form.reason = api::detail::RequireString(body, "reason");
  if (!store::IsReportReason(form.reason)) {
    core::ThrowInvalid(
        "reason",
        "reason must be spam, harassment, hate, nudity, violence, self_harm, impersonation or other");
  }
  form.note = ValidateNote(api::detail::OptionalString(body, "note"), "note");
  return form;
}

std::string ValidateNote(const std::optional<std::string>& text, std::string_view field) {
  if (!text) return {};
  const auto length = core::utf8::CountCodePoints(*text);
  if (!length) core::ThrowInvalid(std::string(field), "The text is not valid UTF-8");
  if (*length > kNoteMaxLength) {
    core::ThrowInvalid(std::string(field), "At most " + std::to_string(kNoteMaxLength) + " characters");
  }
  for (const unsigned char ch : *text) {
    if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7F) {
      core::ThrowInvalid(std::string(field), "The text holds a control character");
    }
  }
  return std::string(Trim(*text));
}

std::optional<core::Millis> ParseUntil(const boost::json::object& body, core::Millis now) {
  const auto text = api::detail::OptionalString(body, "until");
  if (!text) return std::nullopt;
  const auto until = core::ParseIso8601(*text);
  if (!until) core::ThrowInvalid("until", "until must be an ISO 8601 time");
  if (*until <= now) core::ThrowInvalid("until", "until must be in the future");
  return until;
}

}  // namespace lenslet::api::reports

#pragma once
// The shape of a report and of moderators' notes as plain functions
// (report_rules_test.cpp). They throw core::Error(kInvalidValue, message,
// field) — 422 naming the field — and return what is stored.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "store/report_store.hpp"

namespace lenslet::api::reports {

inline constexpr std::size_t kNoteMaxLength = 1000;  // code points

struct ReportForm {
  store::TargetRef target;
  std::string reason;
  std::string note;
};

// {targetType, targetId (a string id), reason, note?}. Every field is checked
// for its JSON type first: a number where a string belongs is 422 too.
ReportForm ParseReportForm(const boost::json::object& body);

// A note or reason a moderator writes (also shown to the author for remove,
// warn and suspend): optional, valid UTF-8, ≤ 1000 code points, no control
// characters but line breaks and tabs; trimmed.
std::string ValidateNote(const std::optional<std::string>& text, std::string_view field);

// `until` of a suspension: an ISO 8601 UTC time after `now`; absent or null:
// until lifted.
std::optional<core::Millis> ParseUntil(const boost::json::object& body, core::Millis now);

}  // namespace lenslet::api::reports

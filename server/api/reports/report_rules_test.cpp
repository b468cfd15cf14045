#include "api/reports/report_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"

namespace lenslet::api::reports {
namespace {

boost::json::object Body(std::string_view json) { return boost::json::parse(json).as_object(); }

// The field a 422 names, or "" when the body was accepted.
std::string FieldRefused(std::string_view json) {
  try {
    ParseReportForm(Body(json));
    return "";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kInvalidValue);
    return e.field();
  }
}

TEST(ReportRules, AcceptsTheFourTargetsAndEightReasons) {
  const auto form = ParseReportForm(Body(R"({"targetType":"message","targetId":"42","reason":"self_harm",
                                            "note":"  see above \n"})"));
  EXPECT_EQ(form.target.type, store::ReportTarget::kMessage);
  EXPECT_EQ(form.target.id, 42);
  EXPECT_EQ(form.reason, "self_harm");
  EXPECT_EQ(form.note, "see above");
  for (const auto* reason :
       {"spam", "harassment", "hate", "nudity", "violence", "self_harm", "impersonation", "other"}) {
    EXPECT_EQ(FieldRefused(std::string(R"({"targetType":"post","targetId":"1","reason":")") + reason + "\"}"),
              "");
  }
}

TEST(ReportRules, RefusesWrongTypesAndValuesNamingTheField) {
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":1,"reason":"spam"})"), "targetId");
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":"0","reason":"spam"})"), "targetId");
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":"1e3","reason":"spam"})"), "targetId");
  EXPECT_EQ(FieldRefused(R"({"targetType":"story","targetId":"1","reason":"spam"})"), "targetType");
  EXPECT_EQ(FieldRefused(R"({"targetId":"1","reason":"spam"})"), "targetType");
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":"1","reason":"SPAM"})"), "reason");
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":"1","reason":"spam","note":{}})"), "note");
  EXPECT_EQ(FieldRefused(R"({"targetType":"post","targetId":"1","reason":"spam","note":"a\u0000b"})"),
            "note");
}

TEST(ReportRules, ANoteHoldsAThousandCharactersNotBytes) {
  std::string note;
  for (int i = 0; i < 1000; ++i) note += "\xC3\xA9";  // é: two bytes each
  EXPECT_EQ(ValidateNote(note, "note").size(), 2000u);
  note += "x";
  EXPECT_THROW(ValidateNote(note, "note"), core::Error);
  EXPECT_THROW(ValidateNote(std::string("\xFF"), "note"), core::Error);
  EXPECT_EQ(ValidateNote(std::nullopt, "note"), "");
}

TEST(ReportRules, UntilMustBeAFutureTime) {
  const core::Millis now = 1'800'000'000'000;
  EXPECT_FALSE(ParseUntil(Body("{}"), now));
  EXPECT_FALSE(ParseUntil(Body(R"({"until":null})"), now));
  EXPECT_EQ(ParseUntil(Body(R"({"until":"2027-01-15T09:00:00.000Z"})"), now), now + 3'600'000);
  EXPECT_THROW(ParseUntil(Body(R"({"until":"2027-01-15T08:00:00.000Z"})"), now), core::Error);
  EXPECT_THROW(ParseUntil(Body(R"({"until":"2027-01-15T07:00:00.000Z"})"), now), core::Error);
  EXPECT_THROW(ParseUntil(Body(R"({"until":"soon"})"), now), core::Error);
  EXPECT_THROW(ParseUntil(Body(R"({"until":5})"), now), core::Error);
}

}  // namespace
}  // namespace lenslet::api::reports

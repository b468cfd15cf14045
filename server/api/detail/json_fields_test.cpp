#include "api/detail/json_fields.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"

namespace lenslet::api::detail {
namespace {

boost::json::object Body(std::string_view text) { return boost::json::parse(text).as_object(); }

std::string FieldOfError(auto fn) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.http_status(), 422);
    return e.field();
  }
  return "(no error)";
}

TEST(JsonFieldsTest, RequiredStringIsReturned) { EXPECT_EQ(RequireString(Body(R"({"a":"x"})"), "a"), "x"); }

TEST(JsonFieldsTest, MissingNullOrWrongTypeNamesTheField) {
  EXPECT_EQ(FieldOfError([] { RequireString(Body(R"({})"), "username"); }), "username");
  EXPECT_EQ(FieldOfError([] { RequireString(Body(R"({"username":null})"), "username"); }), "username");
  EXPECT_EQ(FieldOfError([] { RequireString(Body(R"({"username":12})"), "username"); }), "username");
  EXPECT_EQ(FieldOfError([] { OptionalString(Body(R"({"bio":[]})"), "bio"); }), "bio");
  EXPECT_EQ(FieldOfError([] { OptionalBool(Body(R"({"isPrivate":"yes"})"), "isPrivate"); }), "isPrivate");
}

TEST(JsonFieldsTest, OptionalFieldsMayBeAbsentOrNull) {
  EXPECT_FALSE(OptionalString(Body(R"({})"), "bio"));
  EXPECT_FALSE(OptionalString(Body(R"({"bio":null})"), "bio"));
  EXPECT_EQ(OptionalBool(Body(R"({"p":true})"), "p"), true);
}

}  // namespace
}  // namespace lenslet::api::detail

#include "http/request.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::http {
namespace {

Request WithTarget(std::string target) {
  Request request;
  request.target = std::move(target);
  return request;
}

TEST(RequestQuery, DecodesPlusAndPercent) {
  const Request r = WithTarget("/api/v1/search?q=hello+w%C3%B6rld%21&limit=5&empty=&flag");
  EXPECT_EQ(r.Query("q"), "hello w\xC3\xB6rld!");
  EXPECT_EQ(r.Query("limit"), "5");
  EXPECT_EQ(r.Query("empty"), "");
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_EQ(r.Query("missing"), std::nullopt);
}

TEST(RequestQuery, FirstValueWinsAndKeysAreDecoded) {
  const Request r = WithTarget("/x?a=1&a=2&b%5B%5D=3");
  EXPECT_EQ(r.Query("a"), "1");
  EXPECT_EQ(r.Query("b[]"), "3");
}

TEST(RequestQuery, AbsentIsNullopt) {
  EXPECT_EQ(WithTarget("/x").Query("a"), std::nullopt);
  EXPECT_EQ(WithTarget("/x?b=1").Query("a"), std::nullopt);
}

TEST(RequestQuery, MalformedEscapeIsABadRequestNotAnAbsentValue) {
  for (const auto* target : {"/x?a=%4", "/x?a=%zz", "/x?b=1&a=%%%"}) {
    try {
      (void)WithTarget(target).Query("a");
      ADD_FAILURE() << target << " was accepted";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.code(), core::ErrorCode::kBadRequest) << target;
      EXPECT_EQ(e.field(), "a");
    }
  }
  // Another parameter's broken value does not concern this one.
  EXPECT_EQ(WithTarget("/x?b=%zz&a=1").Query("a"), "1");
}

TEST(RequestHeader, CaseInsensitiveFirstWins) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}};
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("X-A"), "1");
  EXPECT_TRUE(r.HasHeader("x-A"));
  EXPECT_FALSE(r.HasHeader("Cookie"));
  EXPECT_EQ(r.Header("Cookie"), "");
}

TEST(RequestCookie, ParsesPairsAcrossHeaders) {
  Request r;
  r.headers = {{"Cookie", "theme=dark;  session=abc.def ; quoted=\"v 1\""},
               {"cookie", "refresh=xyz; session=later"}};
  EXPECT_EQ(r.Cookie("session"), "abc.def");
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("quoted"), "v 1");
  EXPECT_EQ(r.Cookie("refresh"), "xyz");
  EXPECT_EQ(r.Cookie("sess"), std::nullopt);
  EXPECT_EQ(r.Cookie("missing"), std::nullopt);
}

TEST(RequestCookie, IgnoresPairsWithoutEquals) {
  Request r;
  r.headers = {{"Cookie", "garbage; a=1"}};
  EXPECT_EQ(r.Cookie("garbage"), std::nullopt);
  EXPECT_EQ(r.Cookie("a"), "1");
}

TEST(RequestParam, ReturnsOrThrowsLogicError) {
  Request r;
  r.path_params = {{"id", "42"}};
  EXPECT_EQ(r.Param("id"), "42");
  EXPECT_THROW(r.Param("other"), std::logic_error);
}

TEST(RequestPrincipal, RequireThrowsUnauthenticated) {
  Request r;
  try {
    r.RequirePrincipal();
    FAIL() << "expected a throw";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), core::ErrorCode::kUnauthenticated);
    EXPECT_EQ(e.message(), "Sign in first");
  }
  r.principal = Principal{core::UserId(3), core::SessionId(9)};
  EXPECT_EQ(r.RequirePrincipal().user, core::UserId(3));
}

TEST(RequestMethod, ParsesAndPrints) {
  EXPECT_EQ(ParseMethod("GET"), Method::kGet);
  EXPECT_EQ(ParseMethod("DELETE"), Method::kDelete);
  EXPECT_EQ(ParseMethod("get"), Method::kOther);
  EXPECT_EQ(ParseMethod("BREW"), Method::kOther);
  EXPECT_EQ(ToString(Method::kPatch), "PATCH");
}

}  // namespace
}  // namespace lenslet::http

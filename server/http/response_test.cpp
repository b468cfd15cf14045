#include "http/response.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>

namespace lenslet::http {
namespace {

TEST(ResponseJson, SetsTypeAndSerialises) {
  const Response r = Response::Json(201, boost::json::object{{"id", "7"}, {"ok", true}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body, R"({"id":"7","ok":true})");
}

TEST(ResponseNoContent, IsEmpty) {
  const Response r = Response::NoContent();
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.content_type.empty());
}

TEST(SetCookieSerialize, DefaultsAreSafe) {
  const SetCookie cookie{.name = "session", .value = "abc"};
  EXPECT_EQ(cookie.Serialize(), "session=abc; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SetCookieSerialize, AllAttributes) {
  const SetCookie cookie{.name = "refresh",
                         .value = "r1",
                         .path = "/api/v1/auth",
                         .max_age_seconds = 3600,
                         .http_only = true,
                         .secure = true,
                         .same_site = "Strict"};
  EXPECT_EQ(cookie.Serialize(),
            "refresh=r1; Path=/api/v1/auth; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
}

TEST(SetCookieSerialize, DeletionCarriesExpiresInThePast) {
  const SetCookie cookie{.name = "session", .value = "", .max_age_seconds = 0, .http_only = false};
  EXPECT_EQ(cookie.Serialize(),
            "session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax");
}

TEST(ResponseWith, HeadersAndCookiesAccumulate) {
  Response r = Response::NoContent();
  r.WithHeader("X-A", "1")
      .WithCookie(SetCookie{.name = "a", .value = "1"})
      .WithCookie(SetCookie{.name = "b", .value = "2"});
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[1].first, "Set-Cookie");
  EXPECT_EQ(r.headers[2].second.substr(0, 4), "b=2;");
}

}  // namespace
}  // namespace lenslet::http

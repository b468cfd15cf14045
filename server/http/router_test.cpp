#include "http/router.hpp"

#include <gtest/gtest.h>

namespace lenslet::http {
namespace {

Handler Dummy() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return Response::NoContent(); };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/api/v1/users/{username}", Dummy());
    router_.Add(Method::kGet, "/api/v1/users/me", Dummy(), {.auth = Auth::kRequired});
    router_.Add(Method::kPatch, "/api/v1/users/me", Dummy());
    router_.Add(Method::kGet, "/api/v1/posts/{id}/comments", Dummy());
    router_.Add(Method::kPost, "/api/v1/posts/{id}/comments", Dummy(), {.body_limit = 1000});
    router_.Add(Method::kDelete, "/api/v1/posts/{id}", Dummy());
  }
  Router router_;
};

TEST_F(RouterTest, MatchesParamsAndDecodesThem) {
  const Match m = router_.Find(Method::kGet, "/api/v1/users/al%20ice");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/{username}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "username");
  EXPECT_EQ(m.params[0].second, "al ice");
}

TEST_F(RouterTest, EncodedSlashStaysInsideTheParameter) {
  const Match m = router_.Find(Method::kGet, "/api/v1/users/a%2Fb");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "a/b");
}

TEST_F(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  const Match m = router_.Find(Method::kGet, "/api/v1/users/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/me");
  EXPECT_EQ(m.route->options.auth, Auth::kRequired);
}

TEST_F(RouterTest, RouteOptionsComeWithTheMatch) {
  const Match m = router_.Find(Method::kPost, "/api/v1/posts/42/comments");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->options.body_limit, 1000u);
  EXPECT_EQ(m.params[0].second, "42");
}

TEST_F(RouterTest, OneTrailingSlashIsTolerated) {
  EXPECT_NE(router_.Find(Method::kGet, "/api/v1/users/me/").route, nullptr);
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/users//me").route, nullptr);
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/users/me//").route, nullptr);
}

TEST_F(RouterTest, UnknownPathHasNoAllowedMethods) {
  const Match m = router_.Find(Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
  EXPECT_TRUE(router_.Find(Method::kGet, "/api/v1/users").allowed.empty());
  EXPECT_TRUE(router_.Find(Method::kGet, "/api/v1/users/a/b").allowed.empty());
}

TEST_F(RouterTest, WrongMethodListsAllowedOnesWithHeadForGet) {
  const Match m = router_.Find(Method::kPut, "/api/v1/users/me");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kHead, Method::kPatch}));
  const Match other = router_.Find(Method::kOther, "/api/v1/posts/1");
  EXPECT_EQ(other.allowed, (std::vector<Method>{Method::kDelete}));
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  const Match m = router_.Find(Method::kHead, "/api/v1/posts/7/comments");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, Method::kGet);
  EXPECT_EQ(m.params[0].second, "7");
  EXPECT_EQ(router_.Find(Method::kHead, "/api/v1/posts/7").route, nullptr);
}

TEST_F(RouterTest, MalformedEscapeMatchesNothing) {
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/users/%zz").route, nullptr);
}

TEST(RouterAdd, RefusesDuplicatesAndBadPatterns) {
  Router router;
  router.Add(Method::kGet, "/a", Dummy());
  EXPECT_THROW(router.Add(Method::kGet, "/a", Dummy()), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::kGet, "a", Dummy()), std::invalid_argument);
  EXPECT_NO_THROW(router.Add(Method::kPost, "/a", Dummy()));
}

TEST(RouterTail, TakesTheRestOfThePath) {
  Router router;
  router.Add(Method::kGet, "/media/{key...}", Dummy());
  router.Add(Method::kGet, "/media/special/x", Dummy());
  const Match m = router.Find(Method::kGet, "/media/ab/cd%20e/f.webp");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].first, "key");
  EXPECT_EQ(m.params[0].second, "ab/cd e/f.webp");
  EXPECT_EQ(router.Find(Method::kGet, "/media/special/x").route->pattern, "/media/special/x");
  EXPECT_EQ(router.Find(Method::kGet, "/media").route, nullptr);
  EXPECT_THROW(router.Add(Method::kGet, "/a/{b...}/c", Dummy()), std::invalid_argument);
}

TEST(RouterRoot, RootPathMatchesSlash) {
  Router router;
  router.Add(Method::kGet, "/", Dummy());
  EXPECT_NE(router.Find(Method::kGet, "/").route, nullptr);
  EXPECT_EQ(router.Find(Method::kGet, "").route, nullptr);
}

}  // namespace
}  // namespace lenslet::http

#include "http/detail/access_log.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

TEST(AccessLog, Logfmt) {
  const std::string line = FormatAccessLog({.request_id = "abc",
                                            .method = "GET",
                                            .target = "/api/v1/feed?limit=5",
                                            .status = 200,
                                            .ms = 1.5,
                                            .bytes = 42,
                                            .client_address = "10.0.0.1"});
  EXPECT_EQ(
      line,
      "request id=abc method=GET path=/api/v1/feed query=\"limit=5\" status=200 ms=1.5 bytes=42 ip=10.0.0.1")
      << line;
}

TEST(AccessLog, AuthQueryValuesAreRedacted) {
  const std::string line = FormatAccessLog(
      {.request_id = "x", .method = "GET", .target = "/api/v1/auth/verify?token=s3cret&a", .status = 200});
  EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
  EXPECT_NE(line.find("token=***"), std::string::npos) << line;
}

TEST(AccessLog, HostileValuesCannotForgeFields) {
  const std::string line =
      FormatAccessLog({.request_id = "x", .method = "GET", .target = "/a b\"\nstatus=500", .status = 404});
  EXPECT_NE(line.find(R"(path="/a b\"status=500")"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(AccessLog, EngineIoSessionIdsAreRedactedOtherQueryValuesKept) {
  const std::string line = FormatAccessLog({.request_id = "x",
                                            .method = "POST",
                                            .target = "/socket.io/?EIO=4&transport=polling&sid=AbC123secret",
                                            .status = 200});
  EXPECT_EQ(line.find("AbC123secret"), std::string::npos) << line;
  EXPECT_NE(line.find("query=\"EIO=4&transport=polling&sid=***\""), std::string::npos) << line;
}

}  // namespace
}  // namespace lenslet::http::detail

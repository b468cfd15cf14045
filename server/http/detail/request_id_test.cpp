#include "http/detail/request_id.hpp"

#include <gtest/gtest.h>

namespace lenslet::http::detail {
namespace {

TEST(RequestId, SixteenHexAndDistinct) {
  const std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, NewRequestId());
}

TEST(RequestId, SaneIncomingIsKept) {
  EXPECT_EQ(ChooseRequestId("abc-123_X.y"), "abc-123_X.y");
  EXPECT_EQ(ChooseRequestId("").size(), 16u);
  EXPECT_NE(ChooseRequestId("a b"), "a b");
  EXPECT_NE(ChooseRequestId("x\nstatus=200"), "x\nstatus=200");
  EXPECT_EQ(ChooseRequestId(std::string(65, 'a')).size(), 16u);
}

}  // namespace
}  // namespace lenslet::http::detail

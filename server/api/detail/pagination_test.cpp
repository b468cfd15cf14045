#include "api/detail/pagination.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace lenslet::api::detail {
namespace {

http::Request WithQuery(std::string query) {
  http::Request r;
  r.target = "/api/v1/feed?" + query;
  r.path = "/api/v1/feed";
  return r;
}

TEST(PaginationTest, CursorsRoundTrip) {
  const std::vector<std::int64_t> position{1795599000123, 42};
  EXPECT_EQ(DecodeCursor(EncodeCursor(position), 2), position);
  EXPECT_EQ(DecodeCursor(EncodeCursor({-5}), 1), std::vector<std::int64_t>{-5});
}

TEST(PaginationTest, ForeignOrTamperedCursorsAreRefused) {
  EXPECT_FALSE(DecodeCursor("", 1));
  EXPECT_FALSE(DecodeCursor("not base64!", 1));
  EXPECT_FALSE(DecodeCursor(EncodeCursor({1, 2}), 1));  // wrong arity
  EXPECT_FALSE(DecodeCursor(std::string(500, 'A'), 1));
}

TEST(PaginationTest, LimitDefaultsAndCaps) {
  EXPECT_EQ(ReadPageRequest(WithQuery(""), 1).limit, 20);
  EXPECT_EQ(ReadPageRequest(WithQuery("limit=5"), 1).limit, 5);
  EXPECT_EQ(ReadPageRequest(WithQuery("limit=1000"), 1).limit, 100);
  EXPECT_EQ(ReadPageRequest(WithQuery("limit=99999999999999999999"), 1).limit, 100);
}

TEST(PaginationTest, GarbageLimitOrCursorIs422) {
  for (const char* q : {"limit=0", "limit=-3", "limit=ten", "limit=5x", "cursor=abc", "cursor=v1"}) {
    EXPECT_THROW(ReadPageRequest(WithQuery(q), 1), core::Error) << q;
  }
}

TEST(PaginationTest, PageHasItemsAndNextCursor) {
  const auto last = Page({}, std::nullopt);
  EXPECT_TRUE(last.at("nextCursor").is_null());
  const auto more = Page({1, 2}, std::vector<std::int64_t>{7});
  EXPECT_EQ(DecodeCursor(more.at("nextCursor").as_string(), 1), std::vector<std::int64_t>{7});
}

}  // namespace
}  // namespace lenslet::api::detail

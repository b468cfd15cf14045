#include "http/detail/framing_limits.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lenslet::http::detail {
namespace {

TEST(FindHeadEnd, FindsTheBlankLineAndPointsPastIt) {
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(FindHeadEnd(head), head.size());
  EXPECT_EQ(FindHeadEnd(head + "body"), head.size());
}

TEST(FindHeadEnd, NposUntilTheHeadIsComplete) {
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n"), std::string_view::npos);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n\r"), std::string_view::npos);
  EXPECT_EQ(FindHeadEnd(""), std::string_view::npos);
  // Bare LF is not a line end here (nor for the parser).
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\nHost: x\n\n"), std::string_view::npos);
}

TEST(FindHeadEnd, ATerminatorStraddlingTheLastScanIsFound) {
  // Bytes arrive one at a time; each scan starts where the previous one stopped.
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  std::size_t scanned = 0;
  std::size_t found = std::string_view::npos;
  for (std::size_t n = 1; n <= head.size() && found == std::string_view::npos; ++n) {
    found = FindHeadEnd(std::string_view(head).substr(0, n), scanned);
    scanned = n;
  }
  EXPECT_EQ(found, head.size());
}

TEST(ClassifyChunkedOverflow, AnUnendedLineIsAChunkLine) {
  EXPECT_EQ(ClassifyChunkedOverflow("1c;e=" + std::string(1000, 'a')), ChunkedOverflow::kChunkLine);
  EXPECT_EQ(ClassifyChunkedOverflow("\r\n1c;e=aaaa"), ChunkedOverflow::kChunkLine);
  EXPECT_EQ(ClassifyChunkedOverflow("0;e=" + std::string(1000, 'a')), ChunkedOverflow::kChunkLine);
  EXPECT_EQ(ClassifyChunkedOverflow(""), ChunkedOverflow::kChunkLine);
}

TEST(ClassifyChunkedOverflow, AfterTheLastChunkItIsTheTrailer) {
  EXPECT_EQ(ClassifyChunkedOverflow("0\r\nX-T: " + std::string(1000, 'a')), ChunkedOverflow::kTrailer);
  EXPECT_EQ(ClassifyChunkedOverflow("\r\n000\r\nX-T: aaa"), ChunkedOverflow::kTrailer);
  EXPECT_EQ(ClassifyChunkedOverflow("0;ext=1\r\nX-T: aaa"), ChunkedOverflow::kTrailer);
  EXPECT_EQ(ClassifyChunkedOverflow("10\r\nabc"), ChunkedOverflow::kChunkLine);
}

}  // namespace
}  // namespace lenslet::http::detail

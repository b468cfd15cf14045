#include "core/time.hpp"

#include <gtest/gtest.h>

namespace lenslet::core {
namespace {

TEST(TimeTest, FormatsIso8601WithMillisecondsInUtc) {
  EXPECT_EQ(ToIso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(ToIso8601(1795599000123), "2026-11-25T09:30:00.123Z");
}

TEST(TimeTest, ParsesWhatItFormats) {
  for (Millis ms : {Millis{0}, Millis{1795599000123}, Millis{951782400000} /* 2000-02-29 */}) {
    EXPECT_EQ(ParseIso8601(ToIso8601(ms)), ms);
  }
}

TEST(TimeTest, RefusesMalformedTimes) {
  for (const char* bad : {"", "2026-11-25", "2026-13-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z",
                          "2026-11-25T24:00:00.000Z", "2026-11-25T09:30:00.000", "2026-11-25T09:30:00.000Zjunk"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

TEST(TimeTest, NowIsAfter2025) { EXPECT_GT(NowMillis(), 1735689600000); }

}  // namespace
}  // namespace lenslet::core

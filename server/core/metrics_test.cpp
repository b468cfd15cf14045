#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace lenslet::core::metrics {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(MetricsTest, CountersAddUpAcrossThreads) {
  Registry registry;
  auto& counter = registry.GetCounter("test_events_total", "Events", {{"kind", "a"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50'000; ++i) counter.Inc();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 400'000u);
  // The same name and labels is the same series.
  EXPECT_EQ(&registry.GetCounter("test_events_total", "Events", {{"kind", "a"}}), &counter);
}

TEST(MetricsTest, HistogramStaysConsistentWhileObservedFromManyThreads) {
  Registry registry;
  auto& histogram = registry.GetHistogram("test_seconds", "Latency", kLatencyBuckets);
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20'000; ++i) histogram.Observe(0.002 * ((i + t) % 7));  // 0 … 12 ms
    });
  }
  // Scrapes meanwhile: every one cumulative, with +Inf equal to the count.
  std::thread scraper([&] {
    while (!done.load()) {
      const auto snapshot = histogram.Snapshot();
      for (std::size_t i = 1; i < snapshot.cumulative.size(); ++i) {
        ASSERT_LE(snapshot.cumulative[i - 1], snapshot.cumulative[i]);
      }
      ASSERT_EQ(snapshot.cumulative.back(), snapshot.count);
    }
  });
  for (auto& thread : threads) thread.join();
  done = true;
  scraper.join();
  const auto snapshot = histogram.Snapshot();
  EXPECT_EQ(snapshot.count, 80'000u);
  EXPECT_EQ(snapshot.cumulative.back(), 80'000u);
  EXPECT_TRUE(std::isinf(snapshot.bounds.back()));
  // 0 and 2 ms are <= 2.5 ms: 2 of every 7 values.
  EXPECT_NEAR(static_cast<double>(snapshot.cumulative[1]) / 80'000, 2.0 / 7, 0.01);
}

TEST(MetricsTest, QuantilesInterpolateInsideTheBucket) {
  Registry registry;
  const std::array<double, 3> bounds{1, 2, 4};
  auto& histogram = registry.GetHistogram("test_q", "q", bounds);
  for (int i = 0; i < 50; ++i) histogram.Observe(0.5);
  for (int i = 0; i < 50; ++i) histogram.Observe(3);
  const auto snapshot = histogram.Snapshot();
  EXPECT_DOUBLE_EQ(snapshot.Quantile(0.5), 1.0);
  EXPECT_DOUBLE_EQ(snapshot.Quantile(0.75), 3.0);  // halfway through (2, 4]
  EXPECT_DOUBLE_EQ(HistogramSnapshot{}.Quantile(0.5), 0.0);
  histogram.Observe(100);  // +Inf: the highest finite bound
  EXPECT_DOUBLE_EQ(histogram.Snapshot().Quantile(1.0), 4.0);
  const auto later = histogram.Snapshot().Minus(snapshot);
  EXPECT_EQ(later.count, 1u);
}

TEST(MetricsTest, RendersTheTextExpositionFormat) {
  Registry registry;
  registry.GetCounter("test_requests_total", "Requests served", {{"route", "/a/{id}"}, {"status", "200"}}).Inc(3);
  registry.GetGauge("test_open", "Open things\nwith a newline").Set(2.5);
  const std::array<double, 2> bounds{0.1, 1};
  auto& histogram = registry.GetHistogram("test_duration_seconds", "Durations", bounds, {{"route", "x\"y\\z"}});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(5);
  auto collector = registry.AddCollector([](Collection& out) {
    out.Add("test_collected", "From a collector", Type::kGauge, 7, {{"pool", "db"}});
    out.Add("test_collected", "From a collector", Type::kGauge, 1, {{"pool", "db"}});  // same series: adds
  });
  const std::string text = registry.Render();
  const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? \S+$)");
  const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$)");
  for (const auto& line : Lines(text)) {
    EXPECT_TRUE(std::regex_match(line, sample) || std::regex_match(line, comment)) << line;
  }
  EXPECT_NE(text.find("# TYPE test_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("test_requests_total{route=\"/a/{id}\",status=\"200\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# HELP test_open Open things\\nwith a newline\n"), std::string::npos);
  EXPECT_NE(text.find("test_open 2.5\n"), std::string::npos);
  EXPECT_NE(text.find("test_duration_seconds_bucket{route=\"x\\\"y\\\\z\",le=\"0.1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("test_duration_seconds_bucket{route=\"x\\\"y\\\\z\",le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("test_duration_seconds_bucket{route=\"x\\\"y\\\\z\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("test_duration_seconds_count{route=\"x\\\"y\\\\z\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("test_collected{pool=\"db\"} 8\n"), std::string::npos);
  // Sorted by family name, each family's header once.
  EXPECT_LT(text.find("test_collected"), text.find("test_duration_seconds"));
  EXPECT_LT(text.find("test_open"), text.find("test_requests_total"));
}

TEST(MetricsTest, ACollectorGoesWithItsHandle) {
  Registry registry;
  {
    auto handle = registry.AddCollector([](Collection& out) { out.Add("test_temp", "t", Type::kGauge, 1); });
    EXPECT_NE(registry.Render().find("test_temp 1"), std::string::npos);
    EXPECT_EQ(registry.ReadCollected("test_temp").size(), 1u);
  }
  EXPECT_EQ(registry.Render().find("test_temp"), std::string::npos);
}

TEST(MetricsTest, RefusesASecondShapeForOneNameAndBadNames) {
  Registry registry;
  registry.GetCounter("test_x_total", "x", {{"a", "1"}});
  EXPECT_THROW(registry.GetGauge("test_x_total", "x"), std::logic_error);
  EXPECT_THROW(registry.GetCounter("test_x_total", "x", {{"b", "1"}}), std::logic_error);
  EXPECT_THROW(registry.GetCounter("test-bad", "x"), std::logic_error);
  EXPECT_THROW(registry.GetCounter("test_y_total", "x", {{"le", "1"}}), std::logic_error);
}

TEST(MetricsTest, RenderingWhileRegisteringAndCountingIsSafe) {
  Registry registry;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 2'000; ++i) {
      registry.GetCounter("test_many_total", "m", {{"n", std::to_string(i % 50)}}).Inc();
    }
    done = true;
  });
  std::size_t renders = 0;
  while (!done.load()) {
    registry.Render();
    ++renders;
  }
  writer.join();
  double total = 0;
  for (const auto& series : registry.Read("test_many_total")) total += series.value;
  EXPECT_EQ(total, 2'000);
  EXPECT_GT(renders, 0u);
}

TEST(MetricsTest, StatusClasses) {
  EXPECT_EQ(StatusClass(204), "2xx");
  EXPECT_EQ(StatusClass(304), "3xx");
  EXPECT_EQ(StatusClass(429), "4xx");
  EXPECT_EQ(StatusClass(503), "5xx");
}

}  // namespace
}  // namespace lenslet::core::metrics

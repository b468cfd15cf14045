#pragma once
// The one metrics registry (DESIGN.md "Metrics"): counters, gauges and
// histograms with fixed buckets that every module updates, and one function
// that renders them in Prometheus's text exposition format (version 0.0.4).
//
// Hot paths never lock: a Counter, Gauge or Histogram is a handful of relaxed
// atomics, and a module looks its series up once (registration takes the
// registry's mutex) and keeps the reference; series are never removed, so a
// reference stays valid for the life of the registry. Labels are kinds and
// route templates, never ids: every distinct label set is a series kept
// forever.
//
//   static auto& sent = core::metrics::Registry::Global().GetCounter(
//       "lenslet_things_sent_total", "Things sent", {{"kind", "photo"}});
//   sent.Inc();
//
// Values only known when scraped (queue depths, the process's RSS) come from
// collectors, functions called at render time; AddCollector's handle removes
// one again, so what it reads may die with the handle.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lenslet::core::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class Type { kCounter, kGauge, kHistogram };

class Counter {
 public:
  void Inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Cumulative view of a histogram at one moment: `cumulative[i]` counts the
// observations <= bounds[i]; the last entry is +Inf and equals `count`.
struct HistogramSnapshot {
  std::vector<double> bounds;  // upper bounds, the last is +Inf
  std::vector<std::uint64_t> cumulative;
  std::uint64_t count = 0;
  double sum = 0;

  // The q-quantile (0..1) interpolated inside its bucket, as PromQL's
  // histogram_quantile does; 0 without observations.
  double Quantile(double q) const;
  // this - earlier: the observations made between two snapshots of one histogram.
  HistogramSnapshot Minus(const HistogramSnapshot& earlier) const;
};

class Histogram {
 public:
  // `bounds`: strictly increasing upper bounds, +Inf added after the last.
  explicit Histogram(std::span<const double> bounds);

  void Observe(double value);
  HistogramSnapshot Snapshot() const;

 private:
  std::vector<double> bounds_;
  // One per bucket (not cumulative), the last for +Inf: Observe touches one
  // bucket, the count is their sum, so +Inf == _count holds in every scrape.
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<double> sum_{0};
};

// Seconds, for request and unit latencies: 1 ms … 10 s.
inline constexpr std::array<double, 13> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                         0.25,  0.5,    1,     2.5,  5,     10};
// Seconds, for slow work (image processing): 10 ms … 60 s.
inline constexpr std::array<double, 11> kSlowBuckets{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60};

// What a collector writes at render time: whole families, with help and type.
class Collection {
 public:
  void Add(std::string_view name, std::string_view help, Type type, double value, Labels labels = {});

  struct Sample {
    Labels labels;
    double value = 0;
  };
  struct Family {
    std::string help;
    Type type = Type::kGauge;
    std::vector<Sample> samples;
  };
  std::map<std::string, Family, std::less<>>& families() { return families_; }

 private:
  std::map<std::string, Family, std::less<>> families_;
};

class Registry;

// Removes its collector when destroyed.
class CollectorHandle {
 public:
  CollectorHandle() = default;
  CollectorHandle(Registry* registry, std::uint64_t id) : registry_(registry), id_(id) {}
  CollectorHandle(CollectorHandle&& other) noexcept { *this = std::move(other); }
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  ~CollectorHandle();

 private:
  Registry* registry_ = nullptr;
  std::uint64_t id_ = 0;
};

// One series of a family as read by Registry::Read (dashboards, tests).
struct SeriesValue {
  Labels labels;
  double value = 0;             // counters and gauges
  HistogramSnapshot histogram;  // histograms
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process's registry, which /metrics renders.
  static Registry& Global();

  // The series of family `name` with `labels`, created on first use. Throws
  // std::logic_error when `name` was registered with another type, help text,
  // label names or buckets, or is not a valid metric name.
  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                          const Labels& labels = {});

  [[nodiscard]] CollectorHandle AddCollector(std::function<void(Collection&)> collect);

  // Every family, sorted by name, in the text exposition format.
  std::string Render() const;
  // The current series of a registered family (not collectors'); empty when unknown.
  std::vector<SeriesValue> Read(std::string_view name) const;
  // Values of a collector family, for readers that are not Prometheus.
  std::vector<SeriesValue> ReadCollected(std::string_view name) const;

 private:
  friend class CollectorHandle;
  struct Series;
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, Type type, const Labels& labels,
                    std::span<const double> bounds);
  Series& SeriesFor(Family& family, const Labels& labels);
  void RemoveCollector(std::uint64_t id);
  Collection Collect() const;

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  // The collectors run outside mutex_ (they may register series) but under
  // this lock, which RemoveCollector takes too: a handle's destructor waits
  // for a render that is using its collector.
  mutable std::mutex collectors_mutex_;
  std::map<std::uint64_t, std::function<void(Collection&)>> collectors_;
  std::uint64_t next_collector_ = 1;
};

// "2xx" for 204: the status class label of latency histograms.
std::string_view StatusClass(int status);

}  // namespace lenslet::core::metrics

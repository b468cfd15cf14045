#include "core/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace lenslet::core::metrics {
namespace {

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter: return "counter";
    case Type::kGauge: return "gauge";
    case Type::kHistogram: return "histogram";
  }
  return "untyped";
}

// Shortest text that reads back as the same double; Prometheus's spellings of
// the special values.
void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, ec == std::errc() ? end : buf);
  }
}

// Help text: backslash and newline escaped. Label values: also the quote.
void AppendEscaped(std::string& out, std::string_view text, bool quote) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

void AppendSample(std::string& out, std::string_view name, std::string_view suffix, const Labels& labels,
                  const std::pair<std::string_view, std::string>* extra, double value) {
  out.append(name);
  out.append(suffix);
  if (!labels.empty() || extra != nullptr) {
    out.push_back('{');
    bool first = true;
    const auto add = [&](std::string_view key, std::string_view val) {
      if (!first) out.push_back(',');
      first = false;
      out.append(key);
      out += "=\"";
      AppendEscaped(out, val, true);
      out.push_back('"');
    };
    for (const auto& [key, val] : labels) add(key, val);
    if (extra != nullptr) add(extra->first, extra->second);
    out.push_back('}');
  }
  out.push_back(' ');
  AppendNumber(out, value);
  out.push_back('\n');
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help, Type type) {
  out += "# HELP ";
  out.append(name);
  out.push_back(' ');
  AppendEscaped(out, help, false);
  out += "\n# TYPE ";
  out.append(name);
  out.push_back(' ');
  out.append(TypeName(type));
  out.push_back('\n');
}

void AppendHistogram(std::string& out, std::string_view name, const Labels& labels,
                     const HistogramSnapshot& snapshot) {
  for (std::size_t i = 0; i < snapshot.bounds.size(); ++i) {
    std::string bound;
    AppendNumber(bound, snapshot.bounds[i]);
    const std::pair<std::string_view, std::string> le{"le", std::move(bound)};
    AppendSample(out, name, "_bucket", labels, &le, static_cast<double>(snapshot.cumulative[i]));
  }
  AppendSample(out, name, "_sum", labels, nullptr, snapshot.sum);
  AppendSample(out, name, "_count", labels, nullptr, static_cast<double>(snapshot.count));
}

std::vector<std::string> LabelNames(const Labels& labels) {
  std::vector<std::string> names;
  for (const auto& [key, value] : labels) names.push_back(key);
  return names;
}

}  // namespace

// ---- Histogram ----

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds.begin(), bounds.end()), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i + 1 < bounds_.size(); ++i) {
    if (!(bounds_[i] < bounds_[i + 1])) throw std::logic_error("histogram bounds must increase");
  }
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // A handful of bounds: a linear scan is as fast as a binary search.
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot out;
  out.bounds = bounds_;
  out.bounds.push_back(std::numeric_limits<double>::infinity());
  out.cumulative.reserve(out.bounds.size());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < out.bounds.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.cumulative.push_back(running);
  }
  out.count = running;
  out.sum = sum_.load(std::memory_order_relaxed);
  return out;
}

double HistogramSnapshot::Quantile(double q) const {
  if (count == 0 || bounds.empty()) return 0;
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(count);
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (static_cast<double>(cumulative[i]) < rank) continue;
    // In the +Inf bucket the best answer is the highest finite bound.
    if (std::isinf(bounds[i])) return i > 0 ? bounds[i - 1] : 0;
    const double lower = i > 0 ? bounds[i - 1] : 0;
    const double below = i > 0 ? static_cast<double>(cumulative[i - 1]) : 0;
    const double in_bucket = static_cast<double>(cumulative[i]) - below;
    if (in_bucket <= 0) return bounds[i];
    return lower + (bounds[i] - lower) * (rank - below) / in_bucket;
  }
  return bounds.size() > 1 ? bounds[bounds.size() - 2] : 0;
}

HistogramSnapshot HistogramSnapshot::Minus(const HistogramSnapshot& earlier) const {
  HistogramSnapshot out = *this;
  if (earlier.cumulative.size() != cumulative.size()) return out;
  for (std::size_t i = 0; i < cumulative.size(); ++i) {
    out.cumulative[i] = cumulative[i] >= earlier.cumulative[i] ? cumulative[i] - earlier.cumulative[i] : 0;
  }
  out.count = count >= earlier.count ? count - earlier.count : 0;
  out.sum = std::max(0.0, sum - earlier.sum);
  return out;
}

// ---- Collection ----

void Collection::Add(std::string_view name, std::string_view help, Type type, double value, Labels labels) {
  auto [it, created] = families_.try_emplace(std::string(name));
  if (created) {
    it->second.help = std::string(help);
    it->second.type = type;
  }
  // Two sources of one series (two pools of one name) add up: a series
  // appears once in an exposition.
  for (auto& sample : it->second.samples) {
    if (sample.labels == labels) {
      sample.value += value;
      return;
    }
  }
  it->second.samples.push_back({std::move(labels), value});
}

// ---- Registry ----

struct Registry::Series {
  Labels labels;
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;
};

struct Registry::Family {
  std::string help;
  Type type;
  std::vector<std::string> label_names;
  std::vector<double> bounds;
  std::map<Labels, std::unique_ptr<Series>> series;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry& Registry::Global() {
  // Never destroyed: static objects of any module may still count on exit.
  static auto* registry = new Registry();
  return *registry;
}

Registry::Family& Registry::FamilyFor(std::string_view name, std::string_view help, Type type,
                                      const Labels& labels, std::span<const double> bounds) {
  if (!ValidName(name)) throw std::logic_error("invalid metric name: " + std::string(name));
  for (const auto& [key, value] : labels) {
    if (!ValidName(key) || key.starts_with("__") || key == "le") {
      throw std::logic_error("invalid label name " + key + " on " + std::string(name));
    }
  }
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->help = std::string(help);
    family->type = type;
    family->label_names = LabelNames(labels);
    family->bounds.assign(bounds.begin(), bounds.end());
    it = families_.emplace(std::string(name), std::move(family)).first;
    return *it->second;
  }
  Family& family = *it->second;
  if (family.type != type || family.help != help || family.label_names != LabelNames(labels) ||
      !std::equal(family.bounds.begin(), family.bounds.end(), bounds.begin(), bounds.end())) {
    throw std::logic_error("metric " + std::string(name) + " registered twice with different shapes");
  }
  return family;
}

Registry::Series& Registry::SeriesFor(Family& family, const Labels& labels) {
  auto& slot = family.series[labels];
  if (!slot) {
    slot = std::make_unique<Series>();
    slot->labels = labels;
    switch (family.type) {
      case Type::kCounter: slot->counter = std::make_unique<Counter>(); break;
      case Type::kGauge: slot->gauge = std::make_unique<Gauge>(); break;
      case Type::kHistogram: slot->histogram = std::make_unique<Histogram>(family.bounds); break;
    }
  }
  return *slot;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  return *SeriesFor(FamilyFor(name, help, Type::kCounter, labels, {}), labels).counter;
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  return *SeriesFor(FamilyFor(name, help, Type::kGauge, labels, {}), labels).gauge;
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help, std::span<const double> bounds,
                                  const Labels& labels) {
  std::lock_guard lock(mutex_);
  return *SeriesFor(FamilyFor(name, help, Type::kHistogram, labels, bounds), labels).histogram;
}

CollectorHandle Registry::AddCollector(std::function<void(Collection&)> collect) {
  std::lock_guard lock(collectors_mutex_);
  const std::uint64_t id = next_collector_++;
  collectors_.emplace(id, std::move(collect));
  return CollectorHandle(this, id);
}

void Registry::RemoveCollector(std::uint64_t id) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.erase(id);
}

Collection Registry::Collect() const {
  Collection out;
  std::lock_guard lock(collectors_mutex_);
  for (const auto& [id, collect] : collectors_) collect(out);
  return out;
}

std::string Registry::Render() const {
  Collection collected = Collect();
  std::string out;
  out.reserve(16 * 1024);
  std::lock_guard lock(mutex_);
  // Merge both sources by name so the whole output is sorted.
  auto registered = families_.begin();
  auto gathered = collected.families().begin();
  while (registered != families_.end() || gathered != collected.families().end()) {
    const bool take_registered = gathered == collected.families().end() ||
                                 (registered != families_.end() && registered->first < gathered->first);
    if (take_registered) {
      const auto& [name, family] = *registered++;
      AppendHeader(out, name, family->help, family->type);
      for (const auto& [labels, series] : family->series) {
        switch (family->type) {
          case Type::kCounter:
            AppendSample(out, name, "", labels, nullptr, static_cast<double>(series->counter->value()));
            break;
          case Type::kGauge: AppendSample(out, name, "", labels, nullptr, series->gauge->value()); break;
          case Type::kHistogram: AppendHistogram(out, name, labels, series->histogram->Snapshot()); break;
        }
      }
    } else {
      const auto& [name, family] = *gathered++;
      if (families_.contains(name)) continue;  // a registered family wins a clash
      AppendHeader(out, name, family.help, family.type);
      for (const auto& sample : family.samples) AppendSample(out, name, "", sample.labels, nullptr, sample.value);
    }
  }
  return out;
}

std::vector<SeriesValue> Registry::Read(std::string_view name) const {
  std::vector<SeriesValue> out;
  std::lock_guard lock(mutex_);
  const auto it = families_.find(name);
  if (it == families_.end()) return out;
  for (const auto& [labels, series] : it->second->series) {
    SeriesValue value{.labels = labels};
    if (series->counter) value.value = static_cast<double>(series->counter->value());
    if (series->gauge) value.value = series->gauge->value();
    if (series->histogram) {
      value.histogram = series->histogram->Snapshot();
      value.value = static_cast<double>(value.histogram.count);
    }
    out.push_back(std::move(value));
  }
  return out;
}

std::vector<SeriesValue> Registry::ReadCollected(std::string_view name) const {
  Collection collected = Collect();
  std::vector<SeriesValue> out;
  const auto it = collected.families().find(name);
  if (it == collected.families().end()) return out;
  for (auto& sample : it->second.samples) out.push_back({.labels = std::move(sample.labels), .value = sample.value});
  return out;
}

// ---- CollectorHandle ----

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->RemoveCollector(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

CollectorHandle::~CollectorHandle() {
  if (registry_ != nullptr) registry_->RemoveCollector(id_);
}

std::string_view StatusClass(int status) {
  switch (status / 100) {
    case 1: return "1xx";
    case 2: return "2xx";
    case 3: return "3xx";
    case 4: return "4xx";
    default: return "5xx";
  }
}

}  // namespace lenslet::core::metrics

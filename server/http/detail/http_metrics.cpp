#include "http/detail/http_metrics.hpp"

#include <algorithm>

namespace lenslet::http::detail {
namespace {

using core::metrics::Counter;
using core::metrics::Histogram;

constexpr std::array<int, 27> kCodes{200, 201, 202, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403, 404,
                                     405, 408, 409, 410, 413, 415, 416, 422, 429, 431, 500, 503, 507};

constexpr std::string_view kRequestsName = "lenslet_http_requests_total";
constexpr std::string_view kRequestsHelp = "HTTP requests answered, by method, route template and status";
constexpr std::string_view kDurationName = "lenslet_http_request_duration_seconds";
constexpr std::string_view kDurationHelp =
    "Time from a request's head to its last response byte, by method, route template and status class";

std::size_t ClassIndex(int status) { return static_cast<std::size_t>(std::clamp(status / 100, 1, 5) - 1); }

// The slot of `status`, and the status label it is counted under: a known
// code is itself, anything else its class ("5xx").
std::size_t CodeSlot(int status) {
  const auto it = std::find(kCodes.begin(), kCodes.end(), status);
  if (it != kCodes.end()) return static_cast<std::size_t>(it - kCodes.begin());
  return kCodes.size() + ClassIndex(status);
}

std::string StatusLabel(int status) {
  if (std::find(kCodes.begin(), kCodes.end(), status) != kCodes.end()) return std::to_string(status);
  return std::string(core::metrics::StatusClass(status));
}

}  // namespace

HttpMetrics::HttpMetrics(const Router& router, const std::vector<std::string>& mount_prefixes,
                         core::metrics::Registry& registry)
    : registry_(registry) {
  static_assert(kCodes.size() + kClasses <= kCodeSlots);
  for (const auto& route : router.routes()) Add(route.pattern);
  for (const auto& prefix : mount_prefixes) Add(prefix);
  for (const auto label : {kRouteStatic, kRouteUnmatched, kRouteRefused}) Add(label);
}

void HttpMetrics::Add(std::string_view route) {
  if (by_route_.contains(route)) return;
  auto series = std::make_unique<RouteSeries>();
  series->route = std::string(route);
  by_route_.emplace(series->route, series.get());
  series_.push_back(std::move(series));
}

HttpMetrics::RouteSeries& HttpMetrics::Find(std::string_view route) {
  if (route.empty()) return *by_route_.at(kRouteRefused);
  const auto it = by_route_.find(route);
  return it != by_route_.end() ? *it->second : *by_route_.at(kRouteUnmatched);
}

void HttpMetrics::Record(Method method, std::string_view route, int status, double seconds) {
  RouteSeries& series = Find(route);
  const auto m = static_cast<std::size_t>(method);
  auto& counter_slot = series.requests[m * kCodeSlots + CodeSlot(status)];
  Counter* counter = counter_slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // First of its kind: the registry hands every thread the same series.
    counter = &registry_.GetCounter(kRequestsName, kRequestsHelp,
                                    {{"method", std::string(ToString(method))},
                                     {"route", series.route},
                                     {"status", StatusLabel(status)}});
    counter_slot.store(counter, std::memory_order_release);
  }
  counter->Inc();
  auto& histogram_slot = series.durations[m * kClasses + ClassIndex(status)];
  Histogram* histogram = histogram_slot.load(std::memory_order_acquire);
  if (histogram == nullptr) {
    histogram = &registry_.GetHistogram(kDurationName, kDurationHelp, core::metrics::kLatencyBuckets,
                                        {{"method", std::string(ToString(method))},
                                         {"route", series.route},
                                         {"status_class", std::string(core::metrics::StatusClass(status))}});
    histogram_slot.store(histogram, std::memory_order_release);
  }
  histogram->Observe(seconds);
}

}  // namespace lenslet::http::detail

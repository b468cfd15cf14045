#pragma once
// Requests by route template, method and status, and their latency by status
// class (lenslet_http_requests_total, lenslet_http_request_duration_seconds).
// The table of series is built once before serving, from the router and the
// mounts, and only read afterwards: recording takes no lock (a series is
// created on its first use through the registry, then found by an atomic load).
#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/metrics.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace lenslet::http::detail {

// Route labels of requests no route answered.
inline constexpr std::string_view kRouteStatic = "static";        // the built web app
inline constexpr std::string_view kRouteUnmatched = "unmatched";  // 404, 405
inline constexpr std::string_view kRouteRefused = "refused";      // refused before routing (400, 431, 503)

class HttpMetrics {
 public:
  // Every route of `router`, each mount prefix and the labels above.
  HttpMetrics(const Router& router, const std::vector<std::string>& mount_prefixes,
              core::metrics::Registry& registry = core::metrics::Registry::Global());

  // `route`: a template given to the constructor; anything else counts as "unmatched".
  void Record(Method method, std::string_view route, int status, double seconds);

 private:
  static constexpr std::size_t kMethods = 8;
  static constexpr std::size_t kCodeSlots = 32;  // kCodes, then one per class for the rest
  static constexpr std::size_t kClasses = 5;
  struct RouteSeries {
    std::string route;
    std::array<std::atomic<core::metrics::Counter*>, kMethods * kCodeSlots> requests{};
    std::array<std::atomic<core::metrics::Histogram*>, kMethods * kClasses> durations{};
  };

  RouteSeries& Find(std::string_view route);
  void Add(std::string_view route);

  core::metrics::Registry& registry_;
  std::vector<std::unique_ptr<RouteSeries>> series_;
  std::unordered_map<std::string_view, RouteSeries*> by_route_;  // keys point into series_
};

}  // namespace lenslet::http::detail

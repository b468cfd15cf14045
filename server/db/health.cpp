#include "db/health.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "db/detail/probing.hpp"

namespace lenslet::db {

boost::asio::awaitable<HealthReport> CheckHealth(Database& db, std::chrono::milliseconds budget) {
  auto* probing = dynamic_cast<detail::Probing*>(&db);
  if (probing == nullptr) {
    // A backend without a probe of its own: the plain round trip.
    const bool ok = co_await db.pool().Run([&] { return db.Ping(); });
    co_return ok ? HealthReport{"ok", {}} : HealthReport{"unavailable", "the database cannot be reached"};
  }
  budget = std::min(budget, probing->guard().timeout());
  // A probe that does not come back within its budget is still running; a few
  // may pile up while the database hangs, never an unbounded queue of them.
  constexpr int kMaxProbesInFlight = 4;
  if (probing->probes_in_flight.fetch_add(1) >= kMaxProbesInFlight) {
    probing->probes_in_flight.fetch_sub(1);
    co_return HealthReport{"timeout", "earlier health probes have not come back yet"};
  }
  struct Slot {
    std::atomic<bool> done{false};
    HealthReport report;
  };
  auto slot = std::make_shared<Slot>();
  probing->probe_pool().Post([probing, slot, budget] {
    try {
      probing->ProbeOnce(budget);
      slot->report = {"ok", {}};
    } catch (const core::Error& e) {
      spdlog::warn("health: database probe failed: {}", e.internal().empty() ? e.message() : e.internal());
      slot->report = e.retry_after_seconds ? HealthReport{"timeout", "the database did not answer in time"}
                                           : HealthReport{"unavailable", "the database cannot be reached"};
    } catch (const std::exception& e) {
      spdlog::warn("health: database probe failed: {}", e.what());
      slot->report = {"unavailable", "the database cannot be reached"};
    }
    probing->probes_in_flight.fetch_sub(1);
    slot->done.store(true, std::memory_order_release);
  });
  // Polled rather than signalled: the probe's thread cannot safely touch a
  // timer this coroutine waits on, and a health check can afford a few wake-ups.
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  const auto give_up = detail::Clock::now() + budget + std::chrono::milliseconds(250);
  while (!slot->done.load(std::memory_order_acquire) && detail::Clock::now() < give_up) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  if (!slot->done.load(std::memory_order_acquire)) {
    co_return HealthReport{"timeout",
                           "the database did not answer within " + std::to_string(budget.count()) + " ms"};
  }
  HealthReport report = slot->report;
  if (report.ok()) {
    if (auto reason = probing->guard().StallReason()) report = {"stalled", *reason};
  }
  co_return report;
}

}  // namespace lenslet::db

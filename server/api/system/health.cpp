// GET /api/v1/health → {status:"ok", database:"ok", version}; 503 with
// {database, reason} while the database is unreachable, does not answer within
// the probe's budget, is stalling units (a lock held elsewhere), or the
// migrations have not finished. It answers within about two seconds whatever
// the database does: the probe has a connection and a thread of its own
// (db/health.hpp), so it never queues behind stalled requests.
#include "db/health.hpp"

#include <chrono>

#include "api/system/system.hpp"
#include "core/version.hpp"

namespace lenslet::api::system {

boost::asio::awaitable<http::Response> Health(Services& services, http::Request&) {
  constexpr std::chrono::milliseconds kMaxProbe{2000};
  db::HealthReport report{"migrating", "migrations have not finished"};
  if (services.ready.load()) report = co_await db::CheckHealth(services.db, kMaxProbe);
  boost::json::object body{
      {"status", report.ok() ? "ok" : "unavailable"},
      {"database", report.state},
      {"version", core::kVersion},
  };
  if (!report.ok()) body["reason"] = report.reason;
  co_return http::Response::Json(report.ok() ? 200 : 503, std::move(body));
}

}  // namespace lenslet::api::system

// POST /api/v1/users/me/export → 202 {status:"pending", requestedAt}: queues an
// export of the caller's data. One at a time: while one is pending, asking
// again answers that one (not counted against the limit). A new export
// replaces the user's ready archive once it is itself ready.
#include "api/exports/exports.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

boost::asio::awaitable<http::Response> RequestExport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  if (services.exports == nullptr) core::ThrowNotFound();
  auth::Limiter* limiter = services.exports->limiter;
  const store::ExportStore exports;
  const auto pending = co_await services.db.Read([&](db::Connection& c) -> std::optional<store::ExportRow> {
    if (auto latest = exports.Latest(c, me); latest && latest->status == store::ExportStatus::kPending) {
      return latest;
    }
    return std::nullopt;
  });
  if (pending) co_return http::Response::Json(202, ExportState(pending));
  // Counted only when a new archive is to be built (each one reads the whole
  // account and writes all of its photos), and awaited outside the write unit
  // (with --redis-url it asks Redis, once for every instance). Two requests at
  // once may both be counted while only one export is queued: never more.
  if (limiter != nullptr) {
    if (const auto decision = co_await limiter->Acquire(me.ToString()); !decision.allowed) {
      core::Error error(core::ErrorCode::kRateLimited, "Too many exports, try again later");
      error.retry_after_seconds = decision.retry_after_seconds;
      throw error;
    }
  }
  const auto now = core::NowMillis();
  // Request answers a pending export that a concurrent request queued meanwhile.
  const auto row =
      co_await services.db.Write([&](db::Connection& c) { return exports.Request(c, me, now).row; });
  co_return http::Response::Json(202, ExportState(row));
}

}  // namespace lenslet::api::exports

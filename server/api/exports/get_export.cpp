// GET /api/v1/users/me/export → 200 with the state of the caller's latest
// export (exports.hpp ExportState): {status:"none"} when there is none.
#include "api/exports/exports.hpp"
#include "store/export_store.hpp"

namespace lenslet::api::exports {

boost::asio::awaitable<http::Response> GetExport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const store::ExportStore exports;
  const auto row = co_await services.db.Read([&](db::Connection& c) { return exports.Latest(c, me); });
  co_return http::Response::Json(200, ExportState(row));
}

}  // namespace lenslet::api::exports

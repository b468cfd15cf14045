// GET /api/v1/admin/server/metrics → the last hour of the server's figures
// (api/admin/server_history.hpp) for the Server screen. Admins only: everyone
// else gets the 404 of a path that does not exist.
#include "api/admin/server_history.hpp"
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> ServerMetrics(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await services.db.Read([&](db::Connection& c) { RequireAdmin(c, me); });
  if (services.server_history == nullptr) {
    co_return http::Response::Json(200, ServerHistory(std::chrono::seconds(10), std::chrono::hours(1)).ToJson());
  }
  co_return http::Response::Json(200, services.server_history->ToJson());
}

}  // namespace lenslet::api::admin

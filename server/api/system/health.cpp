// GET /api/v1/health → {status:"ok", database:"ok", version}; 503 while the
// database is unreachable or the migrations have not finished.
#include "api/system/system.hpp"
#include "core/version.hpp"

namespace lenslet::api::system {

boost::asio::awaitable<http::Response> Health(Services& services, http::Request&) {
  const bool migrated = services.ready.load();
  const bool database_ok = migrated && co_await services.db.pool().Run([&] { return services.db.Ping(); });
  const char* database = !migrated ? "migrating" : database_ok ? "ok" : "unavailable";
  co_return http::Response::Json(database_ok ? 200 : 503, {
                                                              {"status", database_ok ? "ok" : "unavailable"},
                                                              {"database", database},
                                                              {"version", core::kVersion},
                                                          });
}

}  // namespace lenslet::api::system

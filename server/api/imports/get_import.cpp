// GET /api/v1/imports/{id} → the import with its report, to its owner only
// (404 for anyone else, as for an id that does not exist).
// GET /api/v1/imports → the caller's imports, newest first (without reports).
#include <charconv>

#include "api/detail/pagination.hpp"
#include "api/imports/import_view.hpp"
#include "api/imports/imports.hpp"
#include "core/error.hpp"

namespace lenslet::api::imports {
namespace {

std::int64_t ImportIdParam(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) core::ThrowNotFound("No such import");
  return id;
}

}  // namespace

boost::asio::awaitable<http::Response> GetImport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = ImportIdParam(request.Param("id"));
  auto view = co_await services.db.Read([&](db::Connection& c) {
    const store::ImportStore imports;
    const auto row = imports.Find(c, id);
    if (!row || row->user != me) core::ThrowNotFound("No such import");
    return ImportView(*row, imports.Problems(c, id));
  });
  co_return http::Response::Json(200, std::move(view));
}

boost::asio::awaitable<http::Response> ListImports(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto page = api::detail::ReadPageRequest(request, 1);
  auto body = co_await services.db.Read([&](db::Connection& c) {
    auto rows = store::ImportStore().ListOf(c, me, page.first_page() ? std::nullopt : std::optional(page.after[0]),
                                            page.limit + 1);
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(static_cast<std::size_t>(page.limit));
      next = std::vector<std::int64_t>{rows.back().id};
    }
    boost::json::array items;
    for (const auto& row : rows) items.push_back(ImportView(row, std::nullopt));
    return api::detail::Page(std::move(items), next);
  });
  co_return http::Response::Json(200, std::move(body));
}

}  // namespace lenslet::api::imports

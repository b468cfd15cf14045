// GET /api/v1/admin/audit → {items: [{id, actor, action, target: {type, id},
// reason, at}], nextCursor}, newest first. Admins only: moderators too get 404.
#include "api/detail/pagination.hpp"
#include "api/moderation/detail/staff_caller.hpp"
#include "api/moderation/moderation.hpp"
#include "api/views/post_view.hpp"
#include "core/time.hpp"
#include "store/audit_store.hpp"

namespace lenslet::api::moderation {

boost::asio::awaitable<http::Response> AuditLog(Services& services, http::Request& request) {
  const auto me = detail::CallerOf(request);
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    admin::RequireAdmin(c, me);
    const auto page = api::detail::ReadPageRequest(request, 1);
    auto rows = store::AuditStore().List(c, page.first_page() ? std::nullopt : std::optional(page.after[0]),
                                         page.limit + 1);
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(page.limit);
      next = std::vector<std::int64_t>{rows.back().id};
    }
    boost::json::array items;
    for (const auto& row : rows) {
      items.push_back(boost::json::object{
          {"id", std::to_string(row.id)},
          // The actor's account may be gone; the log keeps its id.
          {"actor", row.actor ? boost::json::value(views::Author(*row.actor))
                              : boost::json::value(boost::json::object{{"id", row.actor_id.ToString()}})},
          {"action", row.action},
          {"target", {{"type", store::ToString(row.target.type)}, {"id", std::to_string(row.target.id)}}},
          {"reason", row.reason},
          {"at", core::ToIso8601(row.created_at)},
      });
    }
    return api::detail::Page(std::move(items), next);
  }));
}

}  // namespace lenslet::api::moderation

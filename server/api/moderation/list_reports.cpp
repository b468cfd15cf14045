// GET /api/v1/admin/reports?status=open|resolved (default open) → the queue,
// one item per target, the target with the newest report first
// (detail/queue_page.hpp). Staff only: 404 for everyone else.
#include "api/moderation/detail/queue_page.hpp"
#include "api/moderation/detail/staff_caller.hpp"
#include "api/moderation/moderation.hpp"

namespace lenslet::api::moderation {

boost::asio::awaitable<http::Response> ListReports(Services& services, http::Request& request) {
  const auto me = detail::CallerOf(request);
  const auto status = request.Query("status").value_or("open");
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    detail::RequireStaffActor(c, me);
    // After the staff check: nobody else learns that the route reads a cursor.
    const auto page = api::detail::ReadPageRequest(request, detail::kQueueCursorFields);
    if (status != "open" && status != "resolved")
      core::ThrowInvalid("status", "status must be open or resolved");
    return detail::QueuePage(c, me, status == "open", page);
  }));
}

}  // namespace lenslet::api::moderation

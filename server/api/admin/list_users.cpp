// GET /api/v1/admin/users?status=pending → {items, nextCursor}: accounts
// waiting for approval, oldest first (a queue). `pending` is the only status
// so far (and the default); anything else is 422. Staff only, else 404.
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "api/detail/pagination.hpp"
#include "api/views/registration_view.hpp"
#include "core/error.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> ListUsers(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto status = request.Query("status");
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    RequireStaff(c, me);
    // After the guard: a non-staff caller learns nothing, not even what is valid.
    const auto page = api::detail::ReadPageRequest(request, 1);
    if (status && *status != "pending") core::ThrowInvalid("status", "status must be pending");
    std::optional<store::PendingAccountId> after;
    if (!page.first_page()) after = store::PendingAccountId(page.after[0]);
    auto rows = store::RegistrationStore().ListPending(c, after, page.limit + 1);
    return api::detail::PageById(std::move(rows), page.limit, [](const auto& row) { return views::PendingAccount(row); });
  }));
}

}  // namespace lenslet::api::admin

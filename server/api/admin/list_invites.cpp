// GET /api/v1/admin/invites → {items, nextCursor}: every invite code, newest
// first, expired and used-up ones included (delete them to tidy up). Staff
// only, else 404.
#include "api/admin/sign_ups.hpp"
#include "api/admin/staff.hpp"
#include "api/detail/pagination.hpp"
#include "api/views/registration_view.hpp"
#include "store/registration_store.hpp"

namespace lenslet::api::admin {

boost::asio::awaitable<http::Response> ListInvites(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_return http::Response::Json(200, co_await services.db.Read([&](db::Connection& c) {
    RequireStaff(c, me);
    // After the guard: a non-staff caller learns nothing, not even what is valid.
    const auto page = api::detail::ReadPageRequest(request, 1);
    std::optional<store::InviteId> before;
    if (!page.first_page()) before = store::InviteId(page.after[0]);
    auto rows = store::InviteStore().List(c, before, page.limit + 1);
    return api::detail::PageById(std::move(rows), page.limit, [](const auto& row) { return views::Invite(row); });
  }));
}

}  // namespace lenslet::api::admin

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
    std::optional<std::vector<std::int64_t>> next;
    if (rows.size() > static_cast<std::size_t>(page.limit)) {
      rows.resize(static_cast<std::size_t>(page.limit));
      next = std::vector<std::int64_t>{rows.back().id.value};
    }
    boost::json::array items;
    items.reserve(rows.size());
    for (const auto& row : rows) items.push_back(views::Invite(row));
    return api::detail::Page(std::move(items), next);
  }));
}

}  // namespace lenslet::api::admin

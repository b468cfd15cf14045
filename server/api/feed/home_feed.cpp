// GET /api/v1/feed → the caller's own and accepted followees' posts, newest
// first by date (keyset: created_at then id, so posts published while the
// caller pages appear on the next refresh, never as duplicates or gaps in the
// pages being read; an imported post sits at its original date, issue 14.8).
#include "api/feed/detail/post_pages.hpp"
#include "api/feed/feed.hpp"
#include "db/statement_unit.hpp"

namespace lenslet::api::feed {

boost::asio::awaitable<http::Response> HomeFeed(Services& services, http::Request& request) {
  const auto page = api::detail::ReadPageRequest(request, detail::kDatedCursorFields);
  const auto viewer = request.principal->user;
  co_return http::Response::SerializedJson(200, co_await db::RunOnPool(services.db, false, [&] {
                                             return detail::HomePageNow(services.db, viewer, page);
                                           }));
}

}  // namespace lenslet::api::feed

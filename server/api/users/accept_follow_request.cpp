// POST /api/v1/follow-requests/{userId}/accept → 204: the pending request from
// userId to the caller becomes a follow (counters updated in the same unit),
// and its "follow_request" notification turns into a "follow" one (same id,
// time and read state: the caller has seen it, they just acted on it).
// 404 when the caller has no pending request from that user — a request sent
// to someone else is never reachable here.
#include "api/users/users.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> AcceptFollowRequest(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto requester = core::UserId::Parse(request.Param("userId"));
  if (!requester) core::ThrowNotFound("No such follow request");
  const auto now = core::NowMillis();
  co_await services.db.Write([&](db::Connection& c) {
    if (!store::FollowStore().Accept(c, *requester, me, now)) core::ThrowNotFound("No such follow request");
    store::NotificationStore().ConvertFollowRequests(c, me, *requester);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

// POST /api/v1/follow-requests/{userId}/decline → 204: deletes the pending
// request from userId to the caller and its notification. The requester is
// not told (they may ask again). 404 when there is no such pending request.
#include "api/users/users.hpp"
#include "core/error.hpp"
#include "store/follow_store.hpp"
#include "store/notification_store.hpp"

namespace lenslet::api::users {

boost::asio::awaitable<http::Response> DeclineFollowRequest(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto requester = core::UserId::Parse(request.Param("userId"));
  if (!requester) core::ThrowNotFound("No such follow request");
  co_await services.db.Write([&](db::Connection& c) {
    if (!store::FollowStore().Decline(c, *requester, me)) core::ThrowNotFound("No such follow request");
    store::NotificationStore().Remove(c, me, store::NotificationType::kFollowRequest, *requester);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::users

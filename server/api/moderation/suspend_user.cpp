// POST /api/v1/admin/users/{username}/suspend {reason, until?} → 204: the
// account's logins end and its sockets close at once (every process), its
// logins answer 403 account_suspended (with `until` when set) and its
// profile, posts and comments are hidden from everyone but staff until it is
// lifted or `until` passes. Nobody suspends themselves; moderators do not
// suspend admins (403).
// DELETE /api/v1/admin/users/{username}/suspend {reason?} → 204: lifts it
// (recorded in the audit log when one was in force).
#include "api/moderation/detail/actions.hpp"
#include "api/moderation/detail/bodies.hpp"
#include "api/moderation/detail/staff_caller.hpp"
#include "api/moderation/moderation.hpp"
#include "api/reports/report_rules.hpp"
#include "store/user_store.hpp"

namespace lenslet::api::moderation {
namespace {

core::UserId RequireUser(db::Connection& c, std::string_view username) {
  const auto user = store::UserDirectoryStore().FindByUsername(c, username);
  if (!user) core::ThrowNotFound("No such user");
  return user->id;
}

}  // namespace

boost::asio::awaitable<http::Response> SuspendUser(Services& services, http::Request& request) {
  const auto me = detail::CallerOf(request);
  const auto now = core::NowMillis();
  detail::Aftermath aftermath;
  co_await services.db.Write([&](db::Connection& c) {
    aftermath = {};
    const auto actor = detail::RequireStaffActor(c, me);
    const auto body = detail::BodyOrEmpty(request);
    const auto reason = detail::RequireReason(body, "reason");
    const auto until = reports::ParseUntil(body, now);
    const auto user = RequireUser(c, request.Param("username"));
    detail::Suspend(c, aftermath, actor, user, reason, until, {store::ReportTarget::kUser, user.value}, now);
  });
  co_await detail::Complete(services, std::move(aftermath));
  co_return http::Response::NoContent();
}

boost::asio::awaitable<http::Response> LiftSuspension(Services& services, http::Request& request) {
  const auto me = detail::CallerOf(request);
  const auto now = core::NowMillis();
  co_await services.db.Write([&](db::Connection& c) {
    const auto actor = detail::RequireStaffActor(c, me);
    const auto reason = detail::OptionalReason(detail::BodyOrEmpty(request), "reason");
    detail::Lift(c, actor, RequireUser(c, request.Param("username")), reason, now);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::moderation

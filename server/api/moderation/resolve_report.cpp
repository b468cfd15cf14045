// POST /api/v1/admin/reports/{id}/resolve {action, note?} → 200 {target:
// {type, id}, action, resolved}: acts on the report's target and resolves
// every open report of that target (`resolved` counts them), in one unit with
// the audit entry. Actions: dismiss (nothing done); remove (a post or comment,
// as DELETE /admin/posts|comments/{id}); warn (a notification to the
// target's owner); suspend (the target's owner, until lifted). `note` is the
// reason the author is shown and the audit log keeps. 409 when the report is
// already resolved; 422 for remove on a user or a message (suspend the user;
// messages stay with their conversation).
#include "api/detail/json_fields.hpp"
#include "api/moderation/detail/actions.hpp"
#include "api/moderation/detail/bodies.hpp"
#include "api/moderation/detail/staff_caller.hpp"
#include "api/moderation/moderation.hpp"
#include "core/error.hpp"

namespace lenslet::api::moderation {

boost::asio::awaitable<http::Response> ResolveReport(Services& services, http::Request& request) {
  const auto me = detail::CallerOf(request);
  const auto id = core::Id<struct ReportTag>::Parse(request.Param("id"));
  const auto now = core::NowMillis();
  detail::Aftermath aftermath;
  store::TargetRef target;
  store::Resolution action = store::Resolution::kDismiss;
  co_await services.db.Write([&](db::Connection& c) {
    aftermath = {};
    const auto actor = detail::RequireStaffActor(c, me);
    const auto body = detail::BodyOrEmpty(request);
    const auto action_name = api::detail::RequireString(body, "action");
    const auto parsed = store::ParseResolution(action_name);
    if (!parsed || *parsed == store::Resolution::kDeleted) {
      core::ThrowInvalid("action", "action must be dismiss, remove, suspend or warn");
    }
    action = *parsed;
    const auto note = detail::OptionalReason(body, "note");
    const store::ReportStore reports;
    const auto header = id ? reports.FindHeader(c, id->value) : std::nullopt;
    if (!header) core::ThrowNotFound("No such report");
    if (!header->open) throw core::Error(core::ErrorCode::kConflict, "This report is already resolved");
    target = header->target;
    switch (action) {
      case store::Resolution::kDismiss:
        detail::Dismiss(c, aftermath, actor, target, note, now);
        break;
      case store::Resolution::kRemove:
        if (target.type == store::ReportTarget::kPost) {
          detail::RemovePost(c, aftermath, actor, core::PostId(target.id), note, action, now);
        } else if (target.type == store::ReportTarget::kComment) {
          detail::RemoveComment(c, aftermath, actor, core::CommentId(target.id), note, action, now);
        } else {
          core::ThrowInvalid("action", "Only posts and comments can be removed; suspend the account instead");
        }
        break;
      case store::Resolution::kWarn:
        detail::Warn(c, aftermath, actor, target, note, now);
        break;
      case store::Resolution::kSuspend: {
        const auto owner = reports.OwnerOf(c, target);
        if (!owner) core::ThrowNotFound("No such " + std::string(store::ToString(target.type)));
        detail::Suspend(c, aftermath, actor, owner->user, note, std::nullopt, target, now);
        break;
      }
      case store::Resolution::kDeleted:
        break;
    }
  });
  const auto resolved = aftermath.resolved_reports;
  co_await detail::Complete(services, std::move(aftermath));
  co_return http::Response::Json(
      200, {{"target", {{"type", store::ToString(target.type)}, {"id", std::to_string(target.id)}}},
            {"action", store::ToString(action)},
            {"resolved", resolved}});
}

}  // namespace lenslet::api::moderation

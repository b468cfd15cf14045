// POST /api/v1/reports {targetType, targetId, reason, note?} → 201
// {report: {id, status: "open"}}; the same reporter and target again while
// that report is open → 200 with the same report (one row even under a race:
// store/report_store.hpp). Only what the caller can see can be reported, by
// the same rules as viewing it (404 otherwise, as for an unknown id): a post
// by LoadVisiblePost; a comment when its post is visible and neither author
// blocked the other; a user by LoadProfile; a message by a participant only,
// and not one of someone in a block relation with them (hidden from them).
// Reporting yourself or your own content is 422 (field targetId): there is
// nothing for a moderator to decide. A message report keeps that message and
// the 10 before it (never more of the conversation), copied in the same unit.
#include "api/conversations/detail/conversation_access.hpp"
#include "api/detail/write_limits.hpp"
#include "api/posts/detail/post_access.hpp"
#include "api/reports/report_rules.hpp"
#include "api/reports/reports.hpp"
#include "api/users/visibility.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"
#include "store/block_store.hpp"

namespace lenslet::api::reports {
namespace {

// 404 with the target's own words, never the reason it is hidden.
[[noreturn]] void ThrowNoSuch(store::ReportTarget type) {
  core::ThrowNotFound("No such " + std::string(store::ToString(type)));
}

// Throws 404 unless `me` may see the target; returns its owner.
store::ReportStore::Owner RequireVisible(db::Connection& c, core::UserId me, const store::TargetRef& target) {
  const auto owner = store::ReportStore().OwnerOf(c, target);
  if (!owner) ThrowNoSuch(target.type);
  try {
    switch (target.type) {
      case store::ReportTarget::kPost:
        posts::detail::LoadVisiblePost(c, me, core::PostId(target.id));
        break;
      case store::ReportTarget::kComment:
        posts::detail::LoadVisiblePost(c, me, *owner->post);
        users::LoadProfile(c, me, owner->user);  // blocks either way, suspended authors
        break;
      case store::ReportTarget::kUser:
        users::LoadProfile(c, me, owner->user);
        break;
      case store::ReportTarget::kMessage:
        conversations::detail::RequireMembership(c, me, *owner->conversation);
        // As its list shows it: never the message of someone in a block
        // relation with the caller (else probing ids told a blocked member
        // that, and when, the other still writes in a group they share).
        if (store::BlockStore().EitherBlocks(c, me, owner->user)) ThrowNoSuch(target.type);
        break;
    }
  } catch (const core::Error& e) {
    if (e.code() == core::ErrorCode::kNotFound) ThrowNoSuch(target.type);
    throw;
  }
  return *owner;
}

}  // namespace

boost::asio::awaitable<http::Response> CreateReport(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.report_limiter, me, "reports");
  const auto form = ParseReportForm(http::ParseJsonObject(request));
  const auto now = core::NowMillis();
  const auto created = co_await services.db.Write([&](db::Connection& c) {
    const auto owner = RequireVisible(c, me, form.target);
    if (owner.user == me) core::ThrowInvalid("targetId", "You cannot report yourself or your own content");
    const store::ReportStore reports;
    const auto report = reports.Create(
        c, {.reporter = me, .target = form.target, .reason = form.reason, .note = form.note, .now = now});
    if (report.created && form.target.type == store::ReportTarget::kMessage) {
      reports.SnapshotMessages(c, report.id, *owner.conversation, core::MessageId(form.target.id));
    }
    return report;
  });
  co_return http::Response::Json(created.created ? 201 : 200,
                                 {{"report", {{"id", std::to_string(created.id)}, {"status", "open"}}}});
}

}  // namespace lenslet::api::reports

// DELETE /api/v1/admin/posts/{id} and /admin/comments/{id} {reason} → 204.
// The content goes by the author's own deletion path (counters exact, media
// files deleted after the commit), its open reports are resolved as
// "remove", the author gets a content_removed notification with the reason,
// and the audit log records it — all in one unit.
#include "api/moderation/detail/actions.hpp"
#include "api/moderation/detail/bodies.hpp"
#include "api/moderation/detail/staff_caller.hpp"
#include "api/moderation/moderation.hpp"

namespace lenslet::api::moderation {
namespace {

template <typename Id>
boost::asio::awaitable<http::Response> Remove(Services& services, http::Request& request,
                                              std::string_view what) {
  const auto me = detail::CallerOf(request);
  const auto id = Id::Parse(request.Param("id"));
  const auto now = core::NowMillis();
  detail::Aftermath aftermath;
  co_await services.db.Write([&](db::Connection& c) {
    aftermath = {};
    const auto actor = detail::RequireStaffActor(c, me);
    // Staff only learn that the body is wrong; others get 404 first.
    const auto reason = detail::RequireReason(detail::BodyOrEmpty(request), "reason");
    if (!id) core::ThrowNotFound("No such " + std::string(what));
    if constexpr (std::is_same_v<Id, core::PostId>) {
      detail::RemovePost(c, aftermath, actor, *id, reason, store::Resolution::kRemove, now);
    } else {
      detail::RemoveComment(c, aftermath, actor, *id, reason, store::Resolution::kRemove, now);
    }
  });
  co_await detail::Complete(services, std::move(aftermath));
  co_return http::Response::NoContent();
}

}  // namespace

boost::asio::awaitable<http::Response> RemovePost(Services& services, http::Request& request) {
  return Remove<core::PostId>(services, request, "post");
}

boost::asio::awaitable<http::Response> RemoveComment(Services& services, http::Request& request) {
  return Remove<core::CommentId>(services, request, "comment");
}

}  // namespace lenslet::api::moderation

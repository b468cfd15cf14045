// DELETE /api/v1/conversations/{id}/members → 204: the caller leaves a group.
// Afterwards the conversation is 404 for them and they receive none of its
// messages; the others get conversation:updated. A 1:1 conversation cannot be
// left (409 conflict).
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "core/error.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> LeaveConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto now = core::NowMillis();

  struct Outcome {
    std::vector<core::UserId> members;
    detail::ConversationPage event;
  };
  auto outcome = co_await services.db.Write([&](db::Connection& c) {
    auto conversation = detail::RequireMembership(c, me, id);
    if (!conversation.is_group) throw core::Error(core::ErrorCode::kConflict, "A 1:1 conversation cannot be left");
    const store::ConversationStore conversations;
    // Serialised with sends: once this commits, no send sees the leaver.
    conversations.Lock(c, id, now);
    conversations.RemoveMember(c, id, me);
    Outcome out;
    out.members = conversations.MemberIds(c, id);
    conversation.updated_at = now;
    if (!out.members.empty()) out.event = detail::LoadEventPage(c, std::move(conversation));
    return out;
  });
  detail::EmitUpdated(services, outcome.members, outcome.event);
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::conversations

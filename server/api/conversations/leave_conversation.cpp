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

  auto event = co_await services.db.Write([&](db::Connection& c) {
    const auto conversation = detail::RequireMembership(c, me, id);
    if (!conversation.is_group) throw core::Error(core::ErrorCode::kConflict, "A 1:1 conversation cannot be left");
    const store::ConversationStore conversations;
    // Serialised with sends: once this commits, no send sees the leaver.
    conversations.Lock(c, id, now);
    conversations.RemoveMember(c, id, me);
    return detail::LoadMemberPages(c, id);
  });
  detail::EmitUpdated(services, event);
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::conversations

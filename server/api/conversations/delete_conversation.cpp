// DELETE /api/v1/conversations/{id} → 204: "delete for me". The conversation
// leaves the caller's lists (inbox or requests) until a new message arrives;
// the caller no longer sees its messages so far; their unread count becomes 0.
// They stay a member (leaving a group is DELETE /conversations/{id}/members),
// nobody else is told, and their read marker does not move (that would read
// as "Seen"). Deleting a request declines it silently: a later message brings
// it back as a request. Idempotent; 404 for non-members.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> DeleteConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  co_await services.db.Write([&](db::Connection& c) {
    detail::RequireMembership(c, me, id);
    const store::ConversationStore conversations;
    // Serialised with sends: the floor is the last message committed before,
    // and a message committed after it brings the conversation back.
    conversations.Lock(c, id);
    conversations.Clear(c, id, me);
  });
  co_return http::Response::NoContent();
}

}  // namespace lenslet::api::conversations

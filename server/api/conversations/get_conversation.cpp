// GET /api/v1/conversations/{id} → 200 {conversation}: one conversation as the
// caller sees it (a thread opened by link needs it without paging the inbox).
// 404 for unknown ids and for conversations the caller is not a member of
// alike, so ids leak nothing. Four statements at most: the row, its
// participants, its last message (and that message's image).
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> GetConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto loaded = co_await services.db.Read(
      [&](db::Connection& c) { return detail::LoadPage(c, {detail::RequireMembership(c, me, id)}, me); });
  co_return http::Response::Json(200, {{"conversation", detail::RenderOne(services, loaded)}});
}

}  // namespace lenslet::api::conversations

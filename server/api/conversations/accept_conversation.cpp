// POST /api/v1/conversations/{id}/accept → 200 {conversation}: the caller
// accepts a message request. It moves to their inbox (a 1:1 with someone they
// restrict stays in requests while the restriction lasts) and from then on
// the other members get the caller's presence, typing and read markers
// (api/users/conversation_privacy.hpp). Idempotent; 404 for non-members.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> AcceptConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto now = core::NowMillis();
  const auto page = co_await services.db.Write([&](db::Connection& c) {
    auto row = detail::RequireMembership(c, me, id);
    if (!row.accepted && store::ConversationStore().Accept(c, id, me, now)) row = detail::RequireMembership(c, me, id);
    return detail::LoadPage(c, {std::move(row)}, me);
  });
  co_return http::Response::Json(200, {{"conversation", detail::RenderOne(services, page)}});
}

}  // namespace lenslet::api::conversations

// POST /api/v1/conversations/{id}/accept → 200 {conversation}: the caller
// accepts a message request. It moves to their inbox (a 1:1 with someone they
// restrict stays in requests while the restriction lasts) and from then on
// the other members get the caller's presence, typing and read markers
// (api/users/conversation_privacy.hpp); those who may now see it and did not
// before hear at once that the caller is online, if they are. Idempotent; 404
// for non-members.
#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/live/presence_announcer.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> AcceptConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto now = core::NowMillis();
  struct Outcome {
    detail::ConversationPage page;
    std::vector<core::UserId> newly_told;  // who may see the caller's activity from now on
  };
  const auto outcome = co_await services.db.Write([&](db::Connection& c) {
    Outcome out;
    auto row = detail::RequireMembership(c, me, id);
    const store::ConversationStore conversations;
    if (!row.accepted && conversations.Accept(c, id, me, now)) {
      row = detail::RequireMembership(c, me, id);
      out.newly_told = detail::ActivityAudience(conversations.MembersAround(c, id, me), me, true);
    }
    out.page = detail::LoadPage(c, {std::move(row)}, me);
    return out;
  });
  co_await live::RetellPresence(services, me, outcome.newly_told);
  co_return http::Response::Json(200, {{"conversation", detail::RenderOne(services, outcome.page)}});
}

}  // namespace lenslet::api::conversations

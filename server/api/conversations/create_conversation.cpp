// POST /api/v1/conversations {usernames: [...], title?} → {conversation}.
//  - one other user: their 1:1 conversation, found (200) or created (201) —
//    the same one whoever starts it and however many start it at once
//    (conversations.direct_key); a title is refused (only groups have one);
//  - 2..31 other users: a new group (201), the caller its first member.
// The caller's own username in the list is ignored. Unknown usernames → 422
// (field "usernames", naming the first unknown one); so is someone who
// blocked the caller (unless the caller blocked them too): the same answer,
// so a refusal does not tell the caller that they were blocked. A 1:1 with a
// user the caller blocked → 403 forbidden; a group that would hold any other
// blocked pair → 409 conflict. The conversation is a message
// request for each member who does not follow the caller (or restricts them);
// asking for an existing 1:1 that is a request for the caller accepts it. A
// created conversation is announced to its other members with
// conversation:updated, each their own view.
#include <algorithm>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/conversations/detail/members.hpp"
#include "api/conversations/message_rules.hpp"
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "http/json_body.hpp"
#include "api/live/presence_announcer.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> CreateConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.conversation_limiter, me, "new conversations or added members");
  const auto body = http::ParseJsonObject(request);
  const auto names = ReadUsernames(body);
  const auto raw_title = api::detail::OptionalString(body, "title");
  const auto title = raw_title ? ValidateTitle(*raw_title) : std::nullopt;
  const auto now = core::NowMillis();

  struct Outcome {
    detail::ConversationPage page;
    bool created = false;
    detail::MemberPages event;
    std::vector<core::UserId> newly_told;  // who may see the caller's activity from now on
  };
  auto outcome = co_await services.db.Write([&](db::Connection& c) {
    const auto opened = detail::OpenConversation(c, me, names, title, now);
    Outcome out{.created = opened.created, .newly_told = opened.newly_told};
    const auto id = opened.id;
    out.page = detail::LoadPage(c, {detail::RequireMembership(c, me, id)}, me);
    if (out.created) out.event = detail::LoadMemberPages(c, id);
    return out;
  });
  detail::EmitUpdated(services, outcome.event, me);
  co_await live::RetellPresence(services, me, std::move(outcome.newly_told));
  co_return http::Response::Json(outcome.created ? 201 : 200,
                                 {{"conversation", detail::RenderOne(services, outcome.page)}});
}

}  // namespace lenslet::api::conversations

// POST /api/v1/conversations {usernames: [...], title?} → {conversation}.
//  - one other user: their 1:1 conversation, found (200) or created (201) —
//    the same one whoever starts it and however many start it at once
//    (conversations.direct_key); a title is refused (only groups have one);
//  - 2..31 other users: a new group (201), the caller its first member.
// The caller's own username in the list is ignored. Unknown usernames → 422
// (field "usernames", naming the first unknown one). A user who blocked the
// caller or whom the caller blocked → 403 forbidden. A created conversation
// is announced to its other members with conversation:updated.
#include <algorithm>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/conversations/detail/members.hpp"
#include "api/conversations/message_rules.hpp"
#include "api/detail/json_fields.hpp"
#include "api/detail/write_limits.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> CreateConversation(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  api::detail::RequireWithinWriteLimit(services.conversation_limiter, me, "new conversations or added members");
  const auto body = http::ParseJsonObject(request);
  const auto names = ReadUsernames(body);
  const auto raw_title = api::detail::OptionalString(body, "title");
  const auto title = raw_title ? ValidateTitle(*raw_title) : std::nullopt;
  const auto now = core::NowMillis();

  struct Outcome {
    detail::ConversationPage page;
    bool created = false;
    std::vector<core::UserId> others;
    detail::ConversationPage event;
  };
  auto outcome = co_await services.db.Write([&](db::Connection& c) {
    const auto others = detail::ResolveNewMembers(c, me, names);
    const store::ConversationStore conversations;
    Outcome out;
    core::ConversationId id;
    if (others.size() == 1) {
      if (title) core::ThrowInvalid("title", "Only groups have a title");
      const auto direct = conversations.FindOrCreateDirect(c, me, others[0], now);
      id = direct.id;
      out.created = direct.created;
    } else {
      id = conversations.CreateGroup(c, me, title, others, now);
      out.created = true;
    }
    auto row = detail::RequireMembership(c, me, id);
    out.page = detail::LoadPage(c, {row}, me);
    if (out.created) {
      out.others = others;
      out.event = detail::LoadEventPage(c, std::move(row));
    }
    return out;
  });
  detail::EmitUpdated(services, outcome.others, outcome.event);
  co_return http::Response::Json(outcome.created ? 201 : 200,
                                 {{"conversation", detail::RenderOne(services, outcome.page)}});
}

}  // namespace lenslet::api::conversations

// POST /api/v1/conversations/{id}/members {usernames} → 200 {conversation}:
// adds people to a group the caller is in. Users already in it are ignored;
// the group holds at most 32 people (422 beyond, field "usernames"); a 1:1
// conversation takes nobody (409 conflict: start a group instead); someone
// who blocked the caller is an unknown username to them (422, as in
// create_conversation.cpp); a newcomer in a block relation with the caller or
// any member → 409 conflict (a group never holds a blocked pair). Newcomers start with nothing unread and see
// the history; the group is a message request for a newcomer who does not
// follow the caller (or restricts them). Every member, newcomers included,
// gets conversation:updated, each their own view.
#include <algorithm>

#include "api/conversations/conversations.hpp"
#include "api/conversations/detail/conversation_access.hpp"
#include "api/conversations/detail/members.hpp"
#include "api/conversations/message_rules.hpp"
#include "api/detail/write_limits.hpp"
#include "core/error.hpp"
#include "http/json_body.hpp"

namespace lenslet::api::conversations {

boost::asio::awaitable<http::Response> AddMembers(Services& services, http::Request& request) {
  const auto me = request.RequirePrincipal().user;
  co_await api::detail::RequireWithinWriteLimit(services.conversation_limiter, me, "new conversations or added members");
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto names = ReadUsernames(body);
  const auto now = core::NowMillis();

  struct Outcome {
    detail::ConversationPage page;
    detail::MemberPages event;
  };
  auto outcome = co_await services.db.Write([&](db::Connection& c) {
    const auto conversation = detail::RequireMembership(c, me, id);
    if (!conversation.is_group) {
      throw core::Error(core::ErrorCode::kConflict, "A 1:1 conversation takes nobody else: start a group instead");
    }
    const auto candidates = detail::ResolveNewMembers(c, me, names);
    const store::ConversationStore conversations;
    // Serialised with other additions: the cap holds when two run at once.
    conversations.Lock(c, id, now);
    const auto current = conversations.MemberIds(c, id);
    std::vector<core::UserId> joining;
    for (const auto user : candidates) {
      if (std::find(current.begin(), current.end(), user) == current.end()) joining.push_back(user);
    }
    if (current.size() + joining.size() > kMaxMembers) {
      core::ThrowInvalid("usernames",
                         "A conversation holds at most " + std::to_string(kMaxMembers) + " people, you included");
    }
    auto everyone = current;
    everyone.insert(everyone.end(), joining.begin(), joining.end());
    detail::RefuseBlockedPairs(c, joining, everyone);
    Outcome out;
    const bool changed = !conversations.AddMembers(c, id, detail::AsJoining(c, me, joining), now).empty();
    out.page = detail::LoadPage(c, {detail::RequireMembership(c, me, id)}, me);
    if (changed) out.event = detail::LoadMemberPages(c, id);
    return out;
  });
  detail::EmitUpdated(services, outcome.event);
  co_return http::Response::Json(200, {{"conversation", detail::RenderOne(services, outcome.page)}});
}

}  // namespace lenslet::api::conversations

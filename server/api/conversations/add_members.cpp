// POST /api/v1/conversations/{id}/members {usernames} → 200 {conversation}:
// adds people to a group the caller is in. Users already in it are ignored;
// the group holds at most 32 people (422 beyond, field "usernames"); a 1:1
// conversation takes nobody (409 conflict: start a group instead); a user in
// a block relation with the caller → 403. Newcomers start with nothing
// unread and see the history. Every member, newcomers included, gets
// conversation:updated.
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
  api::detail::RequireWithinWriteLimit(services.conversation_limiter, me, "new conversations or added members");
  const auto id = detail::ConversationIdParam(request.Param("id"));
  const auto body = http::ParseJsonObject(request);
  const auto names = ReadUsernames(body);
  const auto now = core::NowMillis();

  struct Outcome {
    detail::ConversationPage page;
    std::vector<core::UserId> members;
    detail::ConversationPage event;
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
    Outcome out;
    const bool changed = !conversations.AddMembers(c, id, joining, now).empty();
    auto row = detail::RequireMembership(c, me, id);
    out.page = detail::LoadPage(c, {row}, me);
    if (changed) {
      out.members = conversations.MemberIds(c, id);
      out.event = detail::LoadEventPage(c, std::move(row));
    }
    return out;
  });
  detail::EmitUpdated(services, outcome.members, outcome.event);
  co_return http::Response::Json(200, {{"conversation", detail::RenderOne(services, outcome.page)}});
}

}  // namespace lenslet::api::conversations
